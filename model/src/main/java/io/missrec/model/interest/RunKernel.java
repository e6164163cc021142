package io.missrec.model.interest;

/**
 * Adds a run of one token's distances to its running statistics in {@link SymmetricDensity}: each
 * distance is counted and summed below the token's bracket, kept inside it, and offered to its
 * nearest. Implementations differ in speed only: a scalar loop ({@link ScalarRuns}) and, where the
 * JVM has the Vector API, a SIMD one ({@link RunKernels#best}).
 */
interface RunKernel {

  /**
   * @param pass the density pass whose row state is updated
   * @param row the token whose distances these are
   * @param products {@code products[c]} is {@code -2 x_row . x_(first + c)} (NaN where a distance
   *     must be skipped: the token itself)
   * @param from first index of the run in {@code products}
   * @param to end of the run (exclusive)
   * @param first token of {@code products[0]}
   * @param scratch at least {@link #scratchLength()} floats owned by the calling thread
   */
  void absorb(
      SymmetricDensity pass,
      int row,
      float[] products,
      int from,
      int to,
      int first,
      float[] scratch);

  /** Floats of scratch space a caller provides per thread. */
  int scratchLength();
}
