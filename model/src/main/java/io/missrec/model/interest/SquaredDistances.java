package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Squared Euclidean distances {@code ||a||^2 + ||b||^2 - 2 a.b}, clamped at 0 (PyTorch has no
 * {@code cdist} through DJL). Every caller uses these two methods, so the blocked and the direct
 * DPC-KNN see bit-identical distances for the same pair of rows.
 */
final class SquaredDistances {

  private SquaredDistances() {}

  /**
   * @param x {@code (n, d)}
   * @return {@code (n)} squared L2 norms
   */
  static NDArray rowNorms(NDArray x) {
    return x.square().sum(new int[] {1});
  }

  /**
   * @param a {@code (na, d)} rows
   * @param aNorms {@code (na)} from {@link #rowNorms}
   * @param b {@code (nb, d)} rows
   * @param bNorms {@code (nb)} from {@link #rowNorms}
   * @return {@code (na, nb)} squared distances, all {@code >= 0}
   */
  static NDArray between(NDArray a, NDArray aNorms, NDArray b, NDArray bNorms) {
    long na = a.getShape().get(0);
    long nb = b.getShape().get(0);
    // In place after the matmul: one (na, nb) buffer plus a byte mask for the clamp.
    NDArray d = scaledProducts(a, b);
    d.addi(aNorms.reshape(new Shape(na, 1)));
    d.addi(bNorms.reshape(new Shape(1, nb)));
    try (NDArray negative = d.lt(0f)) {
      d.set(negative, 0f);
    }
    return d;
  }

  /**
   * {@code (na, nb)} products {@code -2 a.b}, computed as {@code (-2a) b^T}: scaling by a power of
   * two is exact, so this equals {@code -2 (a b^T)} bit for bit, and costs nothing per pair.
   */
  static NDArray scaledProducts(NDArray a, NDArray b) {
    return a.mul(-2f).matMul(b.transpose());
  }

  /** Throws unless {@code tokens} is a 2-D float32 matrix. */
  static void requireTokenMatrix(NDArray tokens) {
    if (tokens.getShape().dimension() != 2) {
      throw new IllegalArgumentException("tokens must be (T, d), got shape " + tokens.getShape());
    }
    if (tokens.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("tokens must be float32, got " + tokens.getDataType());
    }
  }
}
