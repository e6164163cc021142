package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.missrec.model.encode.ImagePreprocessor.Interpolation;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

  private static final float[] ZERO = {0, 0, 0};
  private static final float[] ONE = {1, 1, 1};

  /** Output = pixel / 255, so values can be compared with grey levels. */
  private static ImagePreprocessor plain(int resize, int crop, Interpolation filter) {
    return new ImagePreprocessor(resize, crop, filter, ZERO, ONE);
  }

  @Test
  void solidColourBecomesTheNormalisedColourEverywhereInChwOrder() {
    int rgb = 0xff8000; // R 255, G 128, B 0
    for (Interpolation filter : Interpolation.values()) {
      ImagePreprocessor clip =
          new ImagePreprocessor(
              224, 224, filter, ImagePreprocessor.CLIP_MEAN, ImagePreprocessor.CLIP_STD);
      float[] chw = clip.toChw(TestImages.solid(300, 170, rgb));

      assertThat(chw).hasSize(3 * 224 * 224);
      for (int c = 0; c < 3; c++) {
        float expected = TestImages.clipNormalised(rgb, c);
        for (int i = c * 224 * 224; i < (c + 1) * 224 * 224; i++) {
          assertThat(chw[i])
              .as("%s channel %d index %d", filter, c, i)
              .isCloseTo(expected, within(1e-5f));
        }
      }
    }
    // R: (1 - 0.48145466) / 0.26862954; B: -0.40821073 / 0.27577711
    float[] chw = ImagePreprocessor.clip().toChw(TestImages.solid(224, 224, rgb));
    assertThat(chw[0]).isCloseTo(1.930336f, within(1e-5f));
    assertThat(chw[2 * 224 * 224]).isCloseTo(-1.4802197f, within(1e-5f));
  }

  @Test
  void centreCropKeepsTheMiddleColumnsOfAWideImage() {
    // 6 x 2, shorter side already 2: no resampling, crop 2 starts at column (6 - 2) / 2 = 2.
    BufferedImage image = new BufferedImage(6, 2, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 6; x++) {
      image.setRGB(x, 0, (10 * x) << 16 | (100 + x) << 8 | 200);
      image.setRGB(x, 1, (10 * x + 5) << 16 | (100 + x) << 8 | 201);
    }
    for (Interpolation filter : Interpolation.values()) {
      float[] chw = plain(2, 2, filter).toChw(image);

      float[] expected = {
        20, 30, 25, 35, // R rows 0 and 1, columns 2 and 3
        102, 103, 102, 103, // G
        200, 200, 201, 201 // B
      };
      for (int i = 0; i < expected.length; i++) {
        assertThat(chw[i] * 255f)
            .as("%s value %d", filter, i)
            .isCloseTo(expected[i], within(1e-3f));
      }
    }
  }

  @Test
  void centreCropKeepsTheMiddleRowsOfATallImage() {
    BufferedImage image = new BufferedImage(1, 5, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 5; y++) {
      image.setRGB(0, y, (40 * y) << 16);
    }
    // crop 1 of 5 rows starts at row 2
    assertThat(plain(1, 1, Interpolation.BILINEAR).toChw(image)[0] * 255f)
        .isCloseTo(80f, within(1e-3f));
  }

  @Test
  void halvingWithBilinearAveragesUnderTheWidenedTriangle() {
    // 4 x 4, red varies by column only: 0, 70, 140, 210. Shrinking by 2 widens the triangle to
    // support 2: output 0 (centre 1.0) weighs columns 0, 1, 2 by 0.75, 0.75, 0.25 (sum 1.75);
    // output 1 (centre 3.0) weighs columns 1, 2, 3 by 0.25, 0.75, 0.75.
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    int[] reds = {0, 70, 140, 210};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        image.setRGB(x, y, reds[x] << 16 | 90 << 8);
      }
    }
    float[] chw = plain(2, 2, Interpolation.BILINEAR).toChw(image);

    float left = (0.75f * 0 + 0.75f * 70 + 0.25f * 140) / 1.75f; // 50
    float right = (0.25f * 70 + 0.75f * 140 + 0.75f * 210) / 1.75f; // 160
    assertThat(chw[0] * 255f).isCloseTo(left, within(1e-3f));
    assertThat(chw[1] * 255f).isCloseTo(right, within(1e-3f));
    assertThat(chw[2] * 255f).isCloseTo(left, within(1e-3f));
    assertThat(chw[3] * 255f).isCloseTo(right, within(1e-3f));
    for (int i = 4; i < 8; i++) {
      assertThat(chw[i] * 255f).isCloseTo(90f, within(1e-3f)); // green is flat
    }
  }

  @Test
  void bicubicHalvingUsesTheWidenedKeysKernel() {
    // 8 x 4, shorter side 4 -> 2, width 8 -> 4; crop 2 keeps resized columns 1 and 2. Vertically
    // flat, so only the horizontal taps count.
    int[] reds = {0, 0, 0, 0, 255, 255, 255, 255};
    BufferedImage image = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        image.setRGB(x, y, reds[x] << 16);
      }
    }
    float[] chw = plain(2, 2, Interpolation.BICUBIC).toChw(image);

    // Output column 1 of 4 (centre 3.0), support 4: source columns 0..6 at distances
    // (x + 0.5 - 3) / 2 = -1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 1.75.
    double[] w = new double[7];
    double total = 0;
    for (int x = 0; x < 7; x++) {
      w[x] = keys(Math.abs((x + 0.5 - 3) / 2));
      total += w[x];
    }
    double column1 = 0;
    for (int x = 0; x < 7; x++) {
      column1 += w[x] / total * reds[x];
    }
    assertThat(chw[0] * 255f).isCloseTo((float) column1, within(1e-3f));
    // Column 2 mirrors column 1 about the edge: 255 - column1.
    assertThat(chw[1] * 255f).isCloseTo((float) (255 - column1), within(1e-3f));
    assertThat(column1).isBetween(1.0, 127.0);
  }

  private static double keys(double x) {
    double a = -0.5;
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    return x < 2 ? (((x - 5) * x + 8) * x - 4) * a : 0;
  }

  @Test
  void clipDefaultsAndIdNameEverySetting() {
    ImagePreprocessor clip = ImagePreprocessor.clip();
    assertThat(clip.resize()).isEqualTo(224);
    assertThat(clip.crop()).isEqualTo(224);
    assertThat(clip.interpolation()).isEqualTo(Interpolation.BICUBIC);
    assertThat(clip.floatsPerImage()).isEqualTo(3 * 224 * 224);
    assertThat(clip.id())
        .startsWith("bicubic224-crop224-mean[0.4814546")
        .contains("-std[0.2686295")
        .isNotEqualTo(plain(224, 224, Interpolation.BICUBIC).id())
        .isNotEqualTo(
            new ImagePreprocessor(
                    256,
                    224,
                    Interpolation.BICUBIC,
                    ImagePreprocessor.CLIP_MEAN,
                    ImagePreprocessor.CLIP_STD)
                .id());
  }

  @Test
  void badSettingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> plain(200, 224, Interpolation.BILINEAR))
        .hasMessageContaining("crop <= resize");
    assertThatThrownBy(
            () ->
                new ImagePreprocessor(
                    224, 224, Interpolation.BILINEAR, ZERO, new float[] {1, 0, 1}))
        .hasMessageContaining("std values must be positive");
    assertThatThrownBy(
            () -> new ImagePreprocessor(224, 224, Interpolation.BILINEAR, new float[] {0, 0}, ONE))
        .hasMessageContaining("exactly 3 values");
    assertThatThrownBy(() -> Interpolation.parse("nearest"))
        .hasMessageContaining("unknown interpolation 'nearest'")
        .hasMessageContaining("bicubic or bilinear");
    assertThat(Interpolation.parse(" Bilinear ")).isEqualTo(Interpolation.BILINEAR);
  }
}
