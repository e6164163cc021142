package io.missrec.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
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
  private static final NDIndex WHOLE = new NDIndex("...");

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

  /**
   * Writes {@code values} into {@code target} in place (e.g. restoring a parameter, which keeps its
   * identity and its gradient), through libtorch's {@code index_put_} over the whole array. DJL's
   * {@code NDArray.set(float[])} would do the same through a native path that enters libtorch's
   * deprecated {@code AutoNonVariableTypeMode}, which prints a deprecation warning to the user's
   * terminal.
   *
   * @param target array of at least one dimension
   * @param values target's element count, row-major
   */
  public static void overwrite(NDArray target, float[] values) {
    if (values.length != target.size()) {
      throw new IllegalArgumentException(
          "cannot write " + values.length + " values into an array of shape " + target.getShape());
    }
    try (NDArray source = target.getManager().create(values, target.getShape())) {
      overwrite(target, source);
    }
  }

  /** {@link #overwrite(NDArray, float[])} from another array of the same shape. */
  public static void overwrite(NDArray target, NDArray source) {
    if (!source.getShape().equals(target.getShape())) {
      throw new IllegalArgumentException(
          "cannot write an array of shape "
              + source.getShape()
              + " into one of shape "
              + target.getShape());
    }
    // Through a detached alias of the same storage: in-place writes to a leaf that requires grad
    // are refused wherever libtorch's grad mode is on, which is the default on a fresh thread (a
    // worker's activity thread), not only inside a gradient collector.
    try (NDArray alias = target.stopGradient()) {
      alias.set(WHOLE, source);
    }
  }
}
