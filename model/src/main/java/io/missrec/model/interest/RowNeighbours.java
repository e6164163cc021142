package io.missrec.model.interest;

import java.util.Arrays;

/**
 * Scans one row of squared distances (token {@code self} to every token) for the two things DPC-KNN
 * needs per token: the sum of the {@code k} smallest distances to other tokens, and the {@code m}
 * nearest other tokens. One instance per thread: it owns scratch buffers of row length.
 *
 * <p>The sum needs only the {@code k}-th smallest value {@code t}, not a sorted top-k: it is the
 * sum of the values below {@code t} plus {@code t} for each of the remaining places. {@code t} is
 * found in one pass: a fixed strided sample brackets it by two sample values {@code lo <= t <= hi}
 * (with a margin of several standard deviations of the sample rank), the pass counts and sums the
 * values below {@code lo} and keeps only those in {@code [lo, hi]} (a few percent of the row), and
 * a quickselect over that remainder gives {@code t}. If the bracket misses {@code t} (possible,
 * never wrong) a quickselect over the whole row is the fallback. The result is a deterministic
 * function of the row's values, so every caller that scans bit-identical rows gets bit-identical
 * sums.
 */
final class RowNeighbours {

  /** Rows up to this length are selected directly; sampling does not pay off below it. */
  private static final int DIRECT_LIMIT = 4096;

  private static final int SAMPLE_SIZE = 1024;

  private final int k;
  private final int m;
  private final float[] sample = new float[SAMPLE_SIZE];
  private final float[] candidates;
  private final int[] belowIndex;
  private final float[] heapValue;
  private final int[] heapIndex;

  /**
   * @param rowLength {@code T}, tokens per row (self included)
   * @param k neighbours summed, in {@code [1, T-1]}
   * @param m nearest neighbours kept, in {@code [0, T-1]}
   */
  RowNeighbours(int rowLength, int k, int m) {
    if (k < 1 || k > rowLength - 1 || m < 0 || m > rowLength - 1) {
      throw new IllegalArgumentException(
          "need 1 <= k <= T-1 and 0 <= m <= T-1, got k=" + k + ", m=" + m + ", T=" + rowLength);
    }
    this.k = k;
    this.m = m;
    this.candidates = new float[rowLength];
    this.belowIndex = new int[rowLength];
    this.heapValue = new float[m];
    this.heapIndex = new int[m];
  }

  /**
   * @param row squared distances from token {@code self} to tokens {@code 0..T-1}, read from {@code
   *     offset}
   * @param self column of the token itself, excluded
   * @param nearest receives the {@code m} nearest other tokens (any order; ties broken arbitrarily)
   *     in {@code nearest[nearestOffset ..]}; may be null when {@code m = 0}
   * @return sum of the {@code k} smallest distances to other tokens
   */
  double scan(float[] row, int offset, int self, int[] nearest, int nearestOffset) {
    int length = candidates.length;
    Arrays.fill(heapValue, Float.POSITIVE_INFINITY);
    Arrays.fill(heapIndex, -1);
    float lo = Float.NEGATIVE_INFINITY;
    float hi = Float.POSITIVE_INFINITY;
    int others = length - 1;
    if (others > DIRECT_LIMIT) {
      int taken = 0;
      int stride = length / SAMPLE_SIZE;
      for (int s = 0, j = 0; s < SAMPLE_SIZE; s++, j += stride) {
        if (j != self) {
          sample[taken++] = row[offset + j];
        }
      }
      double p = (double) k / others;
      int margin = 8 + (int) Math.ceil(4 * Math.sqrt(taken * p * (1 - p)));
      int expected = (int) Math.floor(p * taken);
      // Two order statistics of the sample; selection, not a sort (the sort cost more than the
      // scan at T = 20000).
      if (expected - margin >= 0) {
        select(sample, 0, taken, expected - margin);
        lo = sample[expected - margin];
      }
      if (expected + margin < taken) {
        int from = Math.max(0, expected - margin);
        select(sample, from, taken, expected + margin);
        hi = sample[expected + margin];
      }
    }
    int below = 0;
    double sumBelow = 0;
    int kept = 0;
    for (int part = 0; part < 2; part++) {
      int from = part == 0 ? 0 : self + 1;
      int to = part == 0 ? self : length;
      for (int j = from; j < to; j++) {
        float v = row[offset + j];
        // Most values lie above hi: one well-predicted branch for them.
        if (v <= hi) {
          if (v < lo) {
            belowIndex[below++] = j;
            sumBelow += v;
          } else {
            candidates[kept++] = v;
          }
        }
      }
    }
    if (m > 0) {
      // The m nearest are among the values below lo when there are at least m of them.
      float heapTop = Float.POSITIVE_INFINITY;
      if (below >= m) {
        for (int b = 0; b < below; b++) {
          float v = row[offset + belowIndex[b]];
          if (v < heapTop) {
            heapTop = replaceTop(v, belowIndex[b]);
          }
        }
      } else {
        for (int j = 0; j < length; j++) {
          if (j != self && row[offset + j] < heapTop) {
            heapTop = replaceTop(row[offset + j], j);
          }
        }
      }
      System.arraycopy(heapIndex, 0, nearest, nearestOffset, m);
    }
    int rank = k - below; // 1-based rank of the k-th smallest among the candidates
    if (rank >= 1 && rank <= kept) {
      return sumBelow + sumOfSmallest(candidates, kept, rank);
    }
    // The bracket missed: select over the whole row.
    int n = 0;
    for (int j = 0; j < length; j++) {
      if (j != self) {
        candidates[n++] = row[offset + j];
      }
    }
    return sumOfSmallest(candidates, n, k);
  }

  /** Sum of the {@code r} smallest of {@code values[0..n)}; reorders the array. */
  private static double sumOfSmallest(float[] values, int n, int r) {
    select(values, 0, n, r - 1);
    double sum = 0;
    for (int i = 0; i < r; i++) {
      sum += values[i];
    }
    return sum;
  }

  /**
   * Partial sort of {@code values[from..to)} so that {@code values[target]} holds the value of that
   * rank in the whole array and {@code values[from..target)} no larger value, given that no value
   * before {@code from} is larger than any from there on (Hoare partition, median-of-three pivot).
   */
  private static void select(float[] values, int from, int to, int target) {
    int left = from;
    int right = to - 1;
    while (right > left) {
      int mid = (left + right) >>> 1;
      float pivot = medianOfThree(values[left], values[mid], values[right]);
      int i = left;
      int j = right;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float swap = values[i];
          values[i] = values[j];
          values[j] = swap;
          i++;
          j--;
        }
      }
      // Now values[left..j] <= pivot <= values[i..right], and values (j, i) equal the pivot.
      if (target <= j) {
        right = j;
      } else if (target >= i) {
        left = i;
      } else {
        return;
      }
    }
  }

  private static float medianOfThree(float a, float b, float c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /** Replaces the largest of the kept nearest with {@code (value, index)}; returns the new top. */
  private float replaceTop(float value, int index) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= m) {
        break;
      }
      if (child + 1 < m && heapValue[child + 1] > heapValue[child]) {
        child++;
      }
      if (heapValue[child] <= value) {
        break;
      }
      heapValue[i] = heapValue[child];
      heapIndex[i] = heapIndex[child];
      i = child;
    }
    heapValue[i] = value;
    heapIndex[i] = index;
    return heapValue[0];
  }
}
