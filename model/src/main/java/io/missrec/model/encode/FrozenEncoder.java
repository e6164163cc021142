package io.missrec.model.encode;

import java.util.List;

/**
 * A frozen encoder of one modality: maps inputs (texts, images) to fixed-width feature vectors.
 *
 * <p>Implementations must be deterministic (same input, same vector, whatever else is in the
 * batch), because features are cached and reused across runs under {@link #id()}.
 *
 * @param <I> what it encodes
 */
public interface FrozenEncoder<I> extends AutoCloseable {

  /** Encoder name and version (weights, preprocessing); part of cache keys and lineage. */
  String id();

  /** Width of every vector returned by {@link #encode}. */
  int dim();

  /**
   * Encodes the inputs, batching internally.
   *
   * @return one row of {@link #dim()} floats per input, in input order: shape {@code (n, dim)}
   */
  float[][] encode(List<I> inputs);

  /** Releases native resources; the default holds none. */
  @Override
  default void close() {}
}
