package io.missrec.model.encode;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A frozen image encoder: maps item images to fixed-width feature vectors.
 *
 * <p>Implementations must be deterministic (same image, same vector, whatever else is in the
 * batch), because features are cached and reused across runs under {@link #id()}.
 */
public interface ImageEncoder extends AutoCloseable {

  /** Encoder name and version (weights and preprocessing); part of cache keys and lineage. */
  String id();

  /** Width of every vector returned by {@link #encode}. */
  int dim();

  /**
   * Encodes decoded images, batching internally.
   *
   * @param images non-null images of any size
   * @return one row of {@link #dim()} floats per image, in input order: shape {@code (n, dim)}
   */
  float[][] encode(List<BufferedImage> images);

  /** Releases native resources; the default holds none. */
  @Override
  default void close() {}
}
