package io.missrec.model.interest;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The per-token (not per-pair) parts of DPC-KNN shared by both implementations: densities from
 * neighbour-distance sums, the density order with its tie rule, and centre selection.
 *
 * <p>Tie rule: token {@code j} is denser than token {@code i} iff {@code logRho[j] > logRho[i]}, or
 * the two are equal and {@code j < i}. This is a strict total order, so exactly one token (the
 * first in {@link #densityOrder}) has no denser token, and results do not depend on the thread
 * count or the block size.
 */
final class DensityPeaks {

  private DensityPeaks() {}

  /**
   * {@code logRho = -(1/k) * sum}; written as {@code 0.0 - x} so a zero sum yields {@code +0.0},
   * never {@code -0.0}, which Java ordering would separate from {@code +0.0}.
   */
  static double logRho(double sumOfKSmallest, int k) {
    return 0.0 - sumOfKSmallest / k;
  }

  /** Token indices from densest to sparsest under the tie rule. */
  static int[] densityOrder(double[] logRho) {
    Integer[] order = boxedRange(logRho.length);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingDouble(i -> logRho[i]).reversed().thenComparingInt(i -> i));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /** Position of each token in {@link #densityOrder}: {@code rank[j] < rank[i]} iff j is denser. */
  static int[] densityRank(double[] logRho) {
    int[] order = densityOrder(logRho);
    int[] rank = new int[order.length];
    for (int p = 0; p < order.length; p++) {
      rank[order[p]] = p;
    }
    return rank;
  }

  /**
   * The {@code numCentres} tokens with the highest score {@code rho * delta}, compared as {@code
   * logRho + ln(delta)} (same order, no underflow); ties go to the lower token index.
   *
   * @return centre token indices, highest score first (= cluster id order)
   */
  static int[] selectCentres(double[] logRho, float[] delta, int numCentres) {
    double[] logScore = new double[logRho.length];
    for (int i = 0; i < logScore.length; i++) {
      logScore[i] = logRho[i] + StrictMath.log(delta[i]);
    }
    Integer[] order = boxedRange(logScore.length);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingDouble(i -> logScore[i]).reversed().thenComparingInt(i -> i));
    int[] centres = new int[numCentres];
    for (int m = 0; m < numCentres; m++) {
      centres[m] = order[m];
    }
    return centres;
  }

  /** Float32 densities {@code exp(logRho)} for the result record. */
  static float[] rho(double[] logRho) {
    float[] rho = new float[logRho.length];
    for (int i = 0; i < rho.length; i++) {
      rho[i] = (float) StrictMath.exp(logRho[i]);
    }
    return rho;
  }

  /** Overrides the nearest-centre search for the centres themselves (exact duplicates tie). */
  static void assignCentresToThemselves(int[] assignment, int[] centres) {
    for (int m = 0; m < centres.length; m++) {
      assignment[centres[m]] = m;
    }
  }

  private static Integer[] boxedRange(int n) {
    Integer[] range = new Integer[n];
    for (int i = 0; i < n; i++) {
      range[i] = i;
    }
    return range;
  }
}
