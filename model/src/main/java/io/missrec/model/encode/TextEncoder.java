package io.missrec.model.encode;

import java.util.List;

/**
 * A frozen text encoder: maps item texts to fixed-width feature vectors.
 *
 * <p>Implementations must be deterministic (same text, same vector, whatever else is in the batch),
 * because features are cached and reused across runs under {@link #id()}.
 */
public interface TextEncoder extends AutoCloseable {

  /** Encoder name and version (weights, tokenisation, pooling); part of cache keys and lineage. */
  String id();

  /** Width of every vector returned by {@link #encode}. */
  int dim();

  /**
   * Encodes texts, batching internally.
   *
   * @param texts non-null texts; an empty string is encoded like any other text
   * @return one row of {@link #dim()} floats per text, in input order: shape {@code (n, dim)}
   */
  float[][] encode(List<String> texts);

  /** Releases native resources; the default holds none. */
  @Override
  default void close() {}
}
