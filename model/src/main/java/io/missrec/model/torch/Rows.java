package io.missrec.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Row lookups whose backward pass is deterministic.
 *
 * <p>DJL's {@code table.get(ids)} is libtorch's advanced indexing, whose backward pass is {@code
 * index_put_} with accumulation; on the CPU with more than one thread and at least 32,768 elements
 * it adds rows that several ids share with parallel atomic float additions, in whatever order the
 * threads arrive. Gradients then differ in their last bits from run to run, and so does everything
 * trained from them. {@code embedding} computes the same forward values and accumulates its
 * gradient in a fixed order on the CPU and on CUDA.
 */
public final class Rows {

  private Rows() {}

  /**
   * {@code table[ids]}: the rows of {@code table} {@code (N, d)} at {@code ids} (int64, any shape
   * {@code S}), shape {@code (S..., d)}.
   */
  public static NDArray gather(NDArray table, NDArray ids) {
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }
}
