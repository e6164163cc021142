package io.missrec.model.encode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Synthetic images and the tiny models of src/test/resources/onnx and .../torchscript, with their
 * weights (the same in both).
 */
final class TestImages {

  /** The weight [3, 8] of both tiny_image_encoder models: (8c + j - 11.5) / 8. */
  static float weight(int c, int j) {
    return (8 * c + j - 11.5f) / 8f;
  }

  /** The bias [8] of both tiny_image_encoder models: j / 10 - 0.25. */
  static float bias(int j) {
    return j / 10f - 0.25f;
  }

  private TestImages() {}

  /** A file of src/test/resources/onnx. */
  static Path model(String name) {
    return resource("/onnx/" + name);
  }

  /** A file of src/test/resources/torchscript. */
  static Path torchScript(String name) {
    return resource("/torchscript/" + name);
  }

  private static Path resource(String name) {
    try {
      return Path.of(TestImages.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** Columns {@code x < split} are {@code left}, the rest {@code right}. */
  static BufferedImage split(int width, int height, int split, int left, int right) {
    BufferedImage image = solid(width, height, left);
    for (int y = 0; y < height; y++) {
      for (int x = split; x < width; x++) {
        image.setRGB(x, y, right);
      }
    }
    return image;
  }

  static Path png(BufferedImage image, Path file) {
    try {
      ImageIO.write(image, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Channel {@code c} (0 R, 1 G, 2 B) of {@code rgb} after CLIP scaling and normalisation. */
  static float clipNormalised(int rgb, int c) {
    int v = (rgb >> (16 - 8 * c)) & 0xff;
    return (v / 255f - ImagePreprocessor.CLIP_MEAN[c]) / ImagePreprocessor.CLIP_STD[c];
  }

  /** The tiny model's output for per-channel means {@code pooled}: pooled . W + b. */
  static float[] tinyModel(double[] pooled) {
    float[] out = new float[8];
    for (int j = 0; j < 8; j++) {
      double sum = bias(j);
      for (int c = 0; c < 3; c++) {
        sum += pooled[c] * weight(c, j);
      }
      out[j] = (float) sum;
    }
    return out;
  }
}
