package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.model.data.DatasetFormat;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.Domains;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.FeatureTableCodec;
import io.missrec.model.encode.ImagePreprocessor;
import io.missrec.model.encode.OnnxImageEncoder;
import io.missrec.model.encode.TorchScriptImageEncoder;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features activity with an {@code onnx:<artifact URI>} or {@code torchscript:<artifact URI>}
 * image encoder, on the real stack.
 */
class ImageFeatureActivityTest {

  /** Made by model/src/test/resources/onnx/make_tiny_image_encoder.py: [N,3,224,224] -> [N,8]. */
  private static final Path TINY_MODEL =
      Path.of("../model/src/test/resources/onnx/tiny_image_encoder.onnx");

  /** Made by model/src/test/resources/torchscript/make_tiny_image_encoder.py: the same function. */
  private static final Path TINY_TORCHSCRIPT =
      Path.of("../model/src/test/resources/torchscript/tiny_image_encoder.pt");

  @TempDir Path dir;

  @Test
  void encodesSnapshotImagesWithAStoredOnnxModel() throws Exception {
    assertThat(TINY_MODEL).as("run from the activities module folder").isRegularFile();
    try (TestStack stack = new TestStack(dir)) {
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      try {
        env.registerActivitiesImplementations(stack.activities());
        ActivityOptions options =
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofMinutes(2))
                .build();
        DatasetActivities datasets = env.newActivityStub(DatasetActivities.class, options);
        FeatureActivities features = env.newActivityStub(FeatureActivities.class, options);

        Path folder = datasetWithImages(stack);
        List<String> items =
            Domains.read(folder, DatasetFormat.detect(folder), DomainReadOptions.defaults())
                .itemIds();
        DatasetRef snapshot =
            datasets.ingest(new DatasetRef(folder.toUri().toString(), null, "synth-a", "auto"));
        String model =
            stack
                .ctx
                .artifacts()
                .put(ArtifactKind.OTHER, Files.readAllBytes(TINY_MODEL), "application/onnx")
                .uri();

        FeatureSet set =
            features.extract(
                new FeatureRequest(
                    snapshot, new FeatureSpec(Map.of("image", "onnx:" + model + "?batch=2"))));

        assertThat(set.dims()).containsExactly(Map.entry("image", 8));
        FeatureTable table =
            FeatureTableCodec.decode(
                stack.ctx.artifacts().readAllBytes(set.tables().get("image").uri()), "image");
        assertThat(table.modality()).isEqualTo("image");
        assertThat(table.numItems()).isEqualTo(items.size());
        boolean[] expectedMissing = new boolean[items.size()];
        java.util.Arrays.fill(expectedMissing, true);
        expectedMissing[0] = false;
        expectedMissing[1] = false;
        assertThat(table.missing()).isEqualTo(expectedMissing); // 2: not an image, 3+: none
        try (OnnxImageEncoder direct =
            OnnxImageEncoder.open(TINY_MODEL, ImagePreprocessor.clip())) {
          BufferedImage first = ImageIO.read(folder.resolve("img/0.png").toFile());
          assertThat(table.row(0)).isEqualTo(direct.encode(List.of(first))[0]);
        }
        assertThat(table.row(2)).containsOnly(0f);
        assertThat(
                stack.count(
                    "SELECT count(*) FROM param WHERE key = 'encoder.image'"
                        + " AND value = 'onnx:"
                        + model
                        + "?batch=2'"))
            .isEqualTo(1);

        ApplicationFailure absent =
            failureOf(
                () ->
                    features.extract(
                        new FeatureRequest(
                            snapshot,
                            new FeatureSpec(
                                Map.of("image", "onnx:s3://missrec/other/" + "0".repeat(64))))));
        assertThat(absent.getType()).isEqualTo(ActivityErrors.INVALID_INPUT);
        assertThat(absent.getOriginalMessage()).contains("not in the artifact store");

        DatasetRef bare = datasets.ingest(TestStack.synthetic("synth-b"));
        ApplicationFailure noList =
            failureOf(
                () ->
                    features.extract(
                        new FeatureRequest(
                            bare, new FeatureSpec(Map.of("image", "onnx:" + model)))));
        assertThat(noList.getType()).isEqualTo(ActivityErrors.INVALID_INPUT);
        assertThat(noList.getOriginalMessage()).contains("no image list synth-b.images");
      } finally {
        env.close();
      }
    }
  }

  @Test
  void encodesSnapshotImagesWithAStoredTorchScriptModel() throws Exception {
    assertThat(TINY_TORCHSCRIPT).as("run from the activities module folder").isRegularFile();
    try (TestStack stack = new TestStack(dir)) {
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      try {
        env.registerActivitiesImplementations(stack.activities());
        ActivityOptions options =
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofMinutes(2))
                .build();
        DatasetActivities datasets = env.newActivityStub(DatasetActivities.class, options);
        FeatureActivities features = env.newActivityStub(FeatureActivities.class, options);

        Path folder = datasetWithImages(stack);
        DatasetRef snapshot =
            datasets.ingest(new DatasetRef(folder.toUri().toString(), null, "synth-a", "auto"));
        String model =
            stack
                .ctx
                .artifacts()
                .put(
                    ArtifactKind.OTHER,
                    Files.readAllBytes(TINY_TORCHSCRIPT),
                    "application/octet-stream")
                .uri();
        String onnxModel =
            stack
                .ctx
                .artifacts()
                .put(ArtifactKind.OTHER, Files.readAllBytes(TINY_MODEL), "application/onnx")
                .uri();

        FeatureSet set =
            features.extract(
                new FeatureRequest(
                    snapshot,
                    new FeatureSpec(Map.of("image", "torchscript:" + model + "?batch=2"))));

        assertThat(set.dims()).containsExactly(Map.entry("image", 8));
        FeatureTable table =
            FeatureTableCodec.decode(
                stack.ctx.artifacts().readAllBytes(set.tables().get("image").uri()), "image");
        assertThat(table.missing()[0]).isFalse();
        assertThat(table.missing()[1]).isFalse();
        assertThat(table.missing()[2]).isTrue(); // not an image
        BufferedImage first = ImageIO.read(folder.resolve("img/0.png").toFile());
        try (TorchScriptImageEncoder direct =
                TorchScriptImageEncoder.open(TINY_TORCHSCRIPT, ImagePreprocessor.clip());
            OnnxImageEncoder onnx = OnnxImageEncoder.open(TINY_MODEL, ImagePreprocessor.clip())) {
          assertThat(table.row(0)).isEqualTo(direct.encode(List.of(first))[0]);
          // the same function as the ONNX model (ONNX Runtime's pooling drifts by ~1e-4)
          assertThat(table.row(0)).containsExactly(onnx.encode(List.of(first))[0], within(1e-3f));
        }

        ApplicationFailure contradiction =
            failureOf(
                () ->
                    features.extract(
                        new FeatureRequest(
                            snapshot,
                            new FeatureSpec(
                                Map.of("image", "torchscript:" + model + "?format=onnx")))));
        assertThat(contradiction.getType()).isEqualTo(ActivityErrors.INVALID_INPUT);
        assertThat(contradiction.getOriginalMessage())
            .contains("format onnx contradicts the prefix torchscript:");

        ApplicationFailure notTorchScript =
            failureOf(
                () ->
                    features.extract(
                        new FeatureRequest(
                            snapshot,
                            new FeatureSpec(Map.of("image", "torchscript:" + onnxModel)))));
        assertThat(notTorchScript.getType()).isEqualTo(ActivityErrors.INVALID_INPUT);
        assertThat(notTorchScript.getOriginalMessage()).contains("as TorchScript");
      } finally {
        env.close();
      }
    }
  }

  /** The synthetic synth-a files plus synth-a.images: items 0, 1 as PNGs, item 2 a text file. */
  private Path datasetWithImages(TestStack stack) throws Exception {
    Path source = new DatasetSources(dir.resolve("gen")).folder(TestStack.synthetic("synth-a"));
    Path folder = Files.createDirectories(dir.resolve("shop"));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    List<String> items =
        Domains.read(folder, DatasetFormat.detect(folder), DomainReadOptions.defaults()).itemIds();
    Files.createDirectories(folder.resolve("img"));
    ImageIO.write(solid(0xc83c14), "png", folder.resolve("img/0.png").toFile());
    ImageIO.write(solid(0x14c83c), "png", folder.resolve("img/1.png").toFile());
    Files.writeString(folder.resolve("img/2.png"), "not an image");
    Files.writeString(
        folder.resolve("synth-a.images"),
        "item_id\timage\n"
            + items.get(0)
            + "\timg/0.png\n"
            + items.get(1)
            + "\timg/1.png\n"
            + items.get(2)
            + "\timg/2.png\n");
    return folder;
  }

  private static BufferedImage solid(int rgb) {
    BufferedImage image = new BufferedImage(240, 224, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 240; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static ApplicationFailure failureOf(Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) e.getCause();
    }
    throw new AssertionError("expected the activity to fail");
  }
}
