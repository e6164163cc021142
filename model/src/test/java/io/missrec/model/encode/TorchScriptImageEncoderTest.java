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

/**
 * The TorchScript models of src/test/resources/torchscript (torch 1.13 files) on libtorch 2.7.1.
 */
class TorchScriptImageEncoderTest {

  private static final int RED = 0xff0000;
  private static final int BLUE = 0x0000ff;

  /** No resampling (image size = crop) and no normalisation: the model sees v / 255. */
  private static final ImagePreprocessor RAW_4 =
      new ImagePreprocessor(4, 4, Interpolation.BICUBIC, new float[3], new float[] {1, 1, 1});

  @Test
  void handMadePixelsGiveHandComputedFeatures() {
    // 4 x 4: red 0, 16, ..., 240 in row-major order (mean 120), green 255 on the top two rows
    // and 0 below (mean 127.5), blue 51 everywhere.
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        int red = 16 * (4 * y + x);
        int green = y < 2 ? 255 : 0;
        image.setRGB(x, y, red << 16 | green << 8 | 51);
      }
    }
    try (TorchScriptImageEncoder encoder =
        TorchScriptImageEncoder.open(TestImages.torchScript("tiny_image_encoder.pt"), RAW_4)) {
      assertThat(encoder.dim()).isEqualTo(8);
      assertThat(encoder.id())
          .startsWith("torchscript-image:tiny_image_encoder.pt@")
          .endsWith("/0/" + RAW_4.id());

      float[][] out = encoder.encode(List.of(image));

      double[] pooled = {120 / 255.0, 0.5, 0.2};
      float[] expected = new float[8];
      for (int j = 0; j < 8; j++) {
        expected[j] =
            (float)
                (pooled[0] * (j - 11.5) / 8
                    + pooled[1] * (j - 3.5) / 8
                    + pooled[2] * (j + 4.5) / 8
                    + j / 10.0
                    - 0.25);
      }
      assertThat(out).hasDimensions(1, 8);
      assertThat(out[0]).containsExactly(expected, within(1e-5f));
    }
  }

  @Test
  void clipNormalisedSplitImageGivesTheProjectedChannelMeans() {
    // 224 x 224 needs no resize or crop: 100 red columns, 124 blue ones.
    BufferedImage image = TestImages.split(224, 224, 100, RED, BLUE);
    try (TorchScriptImageEncoder encoder =
        TorchScriptImageEncoder.open(
            TestImages.torchScript("tiny_image_encoder.pt"), ImagePreprocessor.clip())) {
      double[] pooled = new double[3];
      for (int c = 0; c < 3; c++) {
        pooled[c] =
            (100.0 * TestImages.clipNormalised(RED, c) + 124.0 * TestImages.clipNormalised(BLUE, c))
                / 224;
      }
      assertThat(encoder.encode(List.of(image))[0])
          .containsExactly(TestImages.tinyModel(pooled), within(1e-5f));
    }
  }

  @Test
  void agreesWithTheOnnxModelOfTheSameFunction() {
    List<BufferedImage> images =
        List.of(
            TestImages.solid(320, 240, 0x3c80c8),
            TestImages.split(500, 224, 300, RED, BLUE),
            TestImages.split(300, 410, 77, 0x123456, 0xfedcba),
            TestImages.solid(50, 60, 0xfafafa));
    ImagePreprocessor clip = ImagePreprocessor.clip();
    try (TorchScriptImageEncoder torch =
            TorchScriptImageEncoder.open(TestImages.torchScript("tiny_image_encoder.pt"), clip);
        OnnxImageEncoder onnx =
            OnnxImageEncoder.open(TestImages.model("tiny_image_encoder.onnx"), clip)) {
      float[][] fromTorch = torch.encode(images);
      float[][] fromOnnx = onnx.encode(images);
      assertThat(fromTorch).hasDimensions(4, 8);
      for (int i = 0; i < images.size(); i++) {
        // The model's function on the preprocessed pixels, channel means taken in double.
        float[] chw = clip.toChw(images.get(i));
        int plane = clip.crop() * clip.crop();
        double[] pooled = new double[3];
        for (int c = 0; c < 3; c++) {
          for (int k = 0; k < plane; k++) {
            pooled[c] += chw[c * plane + k];
          }
          pooled[c] /= plane;
        }
        assertThat(fromTorch[i]).containsExactly(TestImages.tinyModel(pooled), within(1e-5f));
        // ONNX Runtime's float32 GlobalAveragePool over 224 x 224 pixels drifts by up to ~2.5e-4
        // (measured; libtorch's mean stays within 5e-7), hence the wider bound between the two.
        assertThat(fromTorch[i]).containsExactly(fromOnnx[i], within(1e-3f));
      }
      assertThat(torch.id()).isNotEqualTo(onnx.id());
    }
  }

  @Test
  void batchesGiveTheSameRowsAsSingleImages() {
    List<BufferedImage> images =
        List.of(
            TestImages.solid(224, 300, 0x102030),
            TestImages.split(400, 300, 150, RED, BLUE),
            TestImages.solid(50, 60, 0xfafafa));
    try (TorchScriptImageEncoder encoder =
        TorchScriptImageEncoder.open(
            TestImages.torchScript("tiny_image_encoder.pt"), ImagePreprocessor.clip(), null, 2)) {
      float[][] together = encoder.encode(images);

      assertThat(together).hasDimensions(3, 8);
      for (int i = 0; i < images.size(); i++) {
        assertThat(together[i]).isEqualTo(encoder.encode(List.of(images.get(i)))[0]);
      }
      assertThat(together[0]).isNotEqualTo(together[2]);
      assertThat(encoder.encode(List.of())).isEmpty();
    }
  }

  @Test
  void dictOutputsArePickedByKey() {
    Path dict = TestImages.torchScript("tiny_image_encoder_dict.pt");
    BufferedImage image = TestImages.split(300, 224, 120, RED, BLUE);
    try (TorchScriptImageEncoder embeds =
            TorchScriptImageEncoder.open(dict, ImagePreprocessor.clip(), "embeds", 4);
        TorchScriptImageEncoder pooled =
            TorchScriptImageEncoder.open(dict, ImagePreprocessor.clip(), "pooled", 4);
        TorchScriptImageEncoder plain =
            TorchScriptImageEncoder.open(
                TestImages.torchScript("tiny_image_encoder.pt"), ImagePreprocessor.clip())) {
      assertThat(embeds.dim()).isEqualTo(8);
      assertThat(pooled.dim()).isEqualTo(3);
      assertThat(embeds.id()).contains("/embeds/");
      assertThat(embeds.encode(List.of(image))[0])
          .containsExactly(plain.encode(List.of(image))[0], within(1e-6f));
    }
    assertThatThrownBy(() -> TorchScriptImageEncoder.open(dict, ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tiny_image_encoder_dict.pt returns a dict with keys")
        .hasMessageContaining("embeds")
        .hasMessageContaining("output=<key>");
    assertThatThrownBy(
            () -> TorchScriptImageEncoder.open(dict, ImagePreprocessor.clip(), "logits", 4))
        .hasMessageContaining("has no output 'logits'")
        .hasMessageContaining("pooled");
    assertThatThrownBy(
            () ->
                TorchScriptImageEncoder.open(
                    TestImages.torchScript("tiny_image_encoder.pt"),
                    ImagePreprocessor.clip(),
                    "1",
                    4))
        .hasMessageContaining("tiny_image_encoder.pt has no output 1; it returns 1 tensor(s)");
  }

  @Test
  void missingOrInvalidModelFilesAreNamed(@TempDir Path dir) throws Exception {
    Path absent = dir.resolve("absent.pt");
    assertThatThrownBy(() -> TorchScriptImageEncoder.open(absent, ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image model file not found")
        .hasMessageContaining(absent.toString());

    Path garbage = Files.writeString(dir.resolve("garbage.pt"), "this is not a zip archive");
    assertThatThrownBy(() -> TorchScriptImageEncoder.open(garbage, ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load image model garbage.pt as TorchScript")
        .hasMessageContaining("failed finding central directory");

    Path onnx = Files.copy(TestImages.model("tiny_image_encoder.onnx"), dir.resolve("onnx.pt"));
    assertThatThrownBy(() -> TorchScriptImageEncoder.open(onnx, ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load image model onnx.pt as TorchScript");

    assertThatThrownBy(() -> TorchScriptImageEncoder.open(dir, ImagePreprocessor.clip()))
        .hasMessageContaining("is a folder");
  }

  @Test
  void modelsOfTheWrongShapeOrTypeAreRejectedAtLoad() {
    assertThatThrownBy(
            () ->
                TorchScriptImageEncoder.open(
                    TestImages.torchScript("bad_input_rank.pt"), ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad_input_rank.pt failed on a zero image of shape [1, 3, 224, 224]")
        .hasMessageContaining("crop size 224")
        .hasMessageContaining("RuntimeError: mat1 and mat2 shapes cannot be multiplied");

    assertThatThrownBy(
            () ->
                TorchScriptImageEncoder.open(
                    TestImages.torchScript("bad_output_rank.pt"), ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad_output_rank.pt output has shape (1, 3, 1, 1)")
        .hasMessageContaining("expected [1, dim]");

    assertThatThrownBy(
            () ->
                TorchScriptImageEncoder.open(
                    TestImages.torchScript("int_output.pt"), ImagePreprocessor.clip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("int_output.pt output is int64")
        .hasMessageContaining("expected a floating-point tensor");
  }
}
