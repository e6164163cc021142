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

  /**
   * Java twin of the element-wise part of {@link #between}, same float operations in the same
   * order, so {@code distances[j]} equals {@code between(...)[i, j]} bit for bit.
   *
   * @param products row {@code i} of {@link #scaledProducts}, from {@code offset}
   * @param rowNorm {@code ||a_i||^2}
   * @param norms {@code ||b_j||^2} for all {@code j}
   * @param distances receives the {@code nb} squared distances
   */
  static void fromProducts(
      float[] products, int offset, float rowNorm, float[] norms, float[] distances) {
    for (int j = 0; j < norms.length; j++) {
      float v = products[offset + j] + rowNorm + norms[j];
      distances[j] = v < 0f ? 0f : v;
    }
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
