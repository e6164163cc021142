package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.missrec.model.encode.ImagePreprocessor.Interpolation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImageEncoderTest {

  private static final int RED = 0xff0000;
  private static final int BLUE = 0x0000ff;

  @Test
  void solidColourGivesTheProjectedNormalisedColour() {
    int rgb = 0x3c80c8; // 60, 128, 200
    try (OnnxImageEncoder encoder =
        OnnxImageEncoder.open(
            TestImages.model("tiny_image_encoder.onnx"), ImagePreprocessor.clip())) {
      assertThat(encoder.dim()).isEqualTo(8);
      assertThat(encoder.outputName()).isEqualTo("embeds");
      assertThat(encoder.id())
          .startsWith("onnx-image:tiny_image_encoder.onnx@")
          .endsWith("/embeds/" + ImagePreprocessor.clip().id());

      float[][] out = encoder.encode(List.of(TestImages.solid(320, 240, rgb)));

      double[] pooled = new double[3];
      for (int c = 0; c < 3; c++) {
        pooled[c] = TestImages.clipNormalised(rgb, c);
      }
      assertThat(out).hasDimensions(1, 8);
      assertThat(out[0]).containsExactly(TestImages.tinyModel(pooled), within(1e-3f));
    }
  }

  @Test
  void wideImageIsCroppedToItsCentreBeforePooling() {
    // 500 x 224: no resize; the crop covers columns 138..361, so 162 red and 62 blue columns.
    BufferedImage image = TestImages.split(500, 224, 300, RED, BLUE);
    try (OnnxImageEncoder encoder =
        OnnxImageEncoder.open(
            TestImages.model("tiny_image_encoder.onnx"), ImagePreprocessor.clip())) {
      float[] out = encoder.encode(List.of(image))[0];

      double[] pooled = new double[3];
      for (int c = 0; c < 3; c++) {
        pooled[c] =
            (162 * TestImages.clipNormalised(RED, c) + 62 * TestImages.clipNormalised(BLUE, c))
                / 224.0;
      }
      assertThat(out).containsExactly(TestImages.tinyModel(pooled), within(1e-3f));
      // An uncropped (left-aligned) crop would be all red: make sure the test can tell.
      double[] allRed = new double[3];
      for (int c = 0; c < 3; c++) {
        allRed[c] = TestImages.clipNormalised(RED, c);
      }
      assertThat(Math.abs(out[0] - TestImages.tinyModel(allRed)[0])).isGreaterThan(0.1f);
    }
  }

  @Test
  void batchesGiveTheSameRowsAsSingleImages() {
    List<BufferedImage> images =
        List.of(
            TestImages.solid(224, 300, 0x102030),
            TestImages.split(400, 300, 150, RED, BLUE),
            TestImages.solid(50, 60, 0xfafafa));
    ImagePreprocessor bilinear =
        new ImagePreprocessor(
            224,
            224,
            Interpolation.BILINEAR,
            ImagePreprocessor.CLIP_MEAN,
            ImagePreprocessor.CLIP_STD);
    try (OnnxImageEncoder encoder =
        OnnxImageEncoder.open(TestImages.model("tiny_image_encoder.onnx"), bilinear, null, 2)) {
      float[][] together = encoder.encode(images);

      assertThat(together).hasDimensions(3, 8);
      for (int i = 0; i < images.size(); i++) {
        assertThat(together[i]).isEqualTo(encoder.encode(List.of(images.get(i)))[0]);
      }
      assertThat(together[0]).isNotEqualTo(together[2]);
    }
  }

  @Test
  void missingOrInvalidModelFilesAreNamed(@TempDir Path dir) throws Exception {
    Path absent = dir.resolve("absent.onnx");
    assertThatThrownBy(() -> OnnxImageEncoder.open(absent, ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image model file not found")
        .hasMessageContaining(absent.toString());

    Path garbage = Files.writeString(dir.resolve("garbage.onnx"), "this is not a protobuf");
    assertThatThrownBy(() -> OnnxImageEncoder.open(garbage, ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load image model garbage.onnx");
  }

  @Test
  void modelsOfTheWrongShapeAreRejectedWithTheShape() {
    assertThatThrownBy(
            () ->
                OnnxImageEncoder.open(
                    TestImages.model("bad_input_rank.onnx"), ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad_input_rank.onnx input 'features' has shape [?, 3]")
        .hasMessageContaining("expected [N, 3, 224, 224]");

    assertThatThrownBy(
            () ->
                OnnxImageEncoder.open(
                    TestImages.model("bad_output_rank.onnx"), ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad_output_rank.onnx output 'pooled' has shape [?, 3, 1, 1]")
        .hasMessageContaining("expected [N, dim]");

    ImagePreprocessor small =
        new ImagePreprocessor(
            32,
            32,
            Interpolation.BILINEAR,
            ImagePreprocessor.CLIP_MEAN,
            ImagePreprocessor.CLIP_STD);
    assertThatThrownBy(
            () -> OnnxImageEncoder.open(TestImages.model("tiny_image_encoder.onnx"), small))
        .hasMessageContaining("input 'pixel_values' has shape [?, 3, 224, 224]")
        .hasMessageContaining("crop size 32");

    assertThatThrownBy(
            () ->
                OnnxImageEncoder.open(
                    TestImages.model("tiny_image_encoder.onnx"),
                    ImagePreprocessor.clip(),
                    "logits",
                    4))
        .hasMessageContaining("has no output 'logits'")
        .hasMessageContaining("[embeds]");
  }
}
