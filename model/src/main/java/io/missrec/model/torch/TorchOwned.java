package io.missrec.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose memory libtorch owns, for anything that can end up in an autograd graph.
 *
 * <p>DJL's PyTorch engine builds arrays from Java data ({@code manager.create(float[])}, and the
 * scalar behind every {@code x.mul(2f)}, {@code x.div(tau)}, {@code x.maximum(eps)}) with {@code
 * from_blob} over a direct {@code ByteBuffer} that only the Java wrapper keeps alive. Autograd
 * saves such tensors for the backward pass (the other factor of a product, the divisor, the bound
 * of a maximum, the indices of a gather), but DJL closes the scalar wrapper right after the op, and
 * scopes close index wrappers before the backward pass; once the garbage collector frees the
 * buffer, the backward pass reads freed memory. Gradients then depend on GC timing, and under
 * memory pressure turn to NaN. Scalars made with {@code full} and copies made with {@code
 * duplicate} live in libtorch's own storage, which the graph keeps alive by reference count.
 */
public final class TorchOwned {

  private TorchOwned() {}

  /** A 0-d constant with {@code like}'s manager and data type. */
  public static NDArray scalar(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }

  /**
   * A libtorch-owned copy of an array made from Java data; the Java-backed original is closed.
   *
   * @param javaBacked an array fresh from {@code NDManager.create(...)} with Java data
   */
  public static NDArray copyOf(NDArray javaBacked) {
    NDArray copy = javaBacked.duplicate();
    javaBacked.close();
    return copy;
  }
}
