package io.missrec.model.encode;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A frozen image encoder. Images are decoded and non-null, of any size (the encoder preprocesses
 * them). The id covers weights and preprocessing.
 */
public interface ImageEncoder extends FrozenEncoder<BufferedImage> {

  /** One batch through a model: {@code (n, dim)} features, row-major, for n images. */
  @FunctionalInterface
  interface BatchForward {
    float[] run(List<BufferedImage> batch);
  }

  /** {@code images} in batches of {@code batchSize} through {@code forward}, one row per image. */
  static float[][] inBatches(
      List<BufferedImage> images, int batchSize, int dim, BatchForward forward) {
    float[][] out = new float[images.size()][];
    for (int start = 0; start < images.size(); start += batchSize) {
      List<BufferedImage> batch = images.subList(start, Math.min(images.size(), start + batchSize));
      float[] values = forward.run(batch);
      for (int i = 0; i < batch.size(); i++) {
        float[] row = new float[dim];
        System.arraycopy(values, i * dim, row, 0, dim);
        out[start + i] = row;
      }
    }
    return out;
  }
}
