package io.missrec.model.interest;

/**
 * Scans one full row of squared distances (token {@code self} to every token) for the sum of the
 * {@code k} smallest distances to other tokens: the density of {@link DirectDpcKnn}, and of the
 * rows whose bracket missed in {@link SymmetricDensity}. Also holds the pieces both share: the
 * sample bracket, selection, the nearest-neighbour heap. One instance per thread: it owns scratch
 * buffers of row length.
 *
 * <p>The sum needs only the {@code k}-th smallest value {@code t}, not a sorted top-k: it is the
 * sum of the values below {@code t} plus {@code t} for each of the remaining places. {@code t} is
 * found in one pass: a fixed strided sample brackets it by two sample values {@code lo <= t <= hi}
 * (with a margin of several standard deviations of the sample rank), the pass counts and sums the
 * values below {@code lo} and keeps only those in {@code [lo, hi]} (a few percent of the row), and
 * a quickselect over that remainder gives {@code t}. If the bracket misses {@code t} (possible,
 * never wrong) a quickselect over the whole row is the fallback. The result is a deterministic
 * function of the row's values.
 */
final class RowNeighbours {

  /** Rows up to this length are selected directly; sampling does not pay off below it. */
  static final int DIRECT_LIMIT = 4096;

  private static final int SAMPLE_SIZE = 1024;

  private final int k;
  private final float[] sample = new float[SAMPLE_SIZE];
  private final float[] candidates;
  private final float[] belowValue;
  private float[] zeroNorms;

  /**
   * @param rowLength {@code T}, tokens per row (self included)
   * @param k neighbours summed, in {@code [1, T-1]}
   */
  RowNeighbours(int rowLength, int k) {
    if (k < 1 || k > rowLength - 1) {
      throw new IllegalArgumentException("need 1 <= k <= T-1, got k=" + k + ", T=" + rowLength);
    }
    this.k = k;
    this.candidates = new float[rowLength];
    this.belowValue = new float[rowLength];
  }

  /**
   * Scans a row of squared distances.
   *
   * @param row squared distances from token {@code self} to tokens {@code 0..T-1}, read from {@code
   *     offset}
   * @param self column of the token itself, excluded
   * @return sum of the {@code k} smallest distances to other tokens
   */
  double scan(float[] row, int offset, int self) {
    // (v + 0) + 0 is v for every distance (>= +0 or NaN), and the clamp keeps it: one code path
    return scanProducts(row, offset, 0f, zeroNorms(), self);
  }

  /**
   * Scans a row given as products {@code -2 x_self . x_j}: the distance {@code max(0, (p_j +
   * ||x_self||^2) + ||x_j||^2)} is formed on the fly with the float operations of {@link
   * SquaredDistances#between}, in its order, so every value equals that method's for the same
   * products, and the row of distances is never written.
   *
   * @param products the products, read from {@code offset}
   * @param rowNorm {@code ||x_self||^2}
   * @param norms {@code ||x_j||^2} for all {@code T} tokens
   * @param self column of the token itself, excluded
   * @return sum of the {@code k} smallest distances to other tokens
   */
  double scanProducts(float[] products, int offset, float rowNorm, float[] norms, int self) {
    int length = norms.length;
    float lo = Float.NEGATIVE_INFINITY;
    float hi = Float.POSITIVE_INFINITY;
    int others = length - 1;
    if (others > DIRECT_LIMIT) {
      int taken = 0;
      int stride = length / SAMPLE_SIZE;
      for (int s = 0, j = 0; s < SAMPLE_SIZE; s++, j += stride) {
        if (j != self) {
          sample[taken++] = distance(products[offset + j], rowNorm, norms[j]);
        }
      }
      float[] bracket = bracket(sample, taken, k, others);
      lo = bracket[0];
      hi = bracket[1];
    }
    // Distances are >= +0 or NaN, and on such floats the order of the raw bits is the order of
    // the values (NaN above +inf): the pass compares ints, with no branch to mispredict. Every
    // value is stored, and the counters move only for values below lo / in [lo, hi].
    int loBits = lo == Float.NEGATIVE_INFINITY ? 0 : Float.floatToRawIntBits(lo);
    int hiBits = Float.floatToRawIntBits(hi);
    int below = 0;
    int kept = 0;
    for (int part = 0; part < 2; part++) {
      int from = part == 0 ? 0 : self + 1;
      int to = part == 0 ? self : length;
      for (int j = from; j < to; j++) {
        float v = distance(products[offset + j], rowNorm, norms[j]);
        int bits = Float.floatToRawIntBits(v);
        int isBelow = (bits - loBits) >>> 31;
        int notAbove = ((hiBits - bits) >>> 31) ^ 1;
        belowValue[below] = v;
        below += isBelow;
        candidates[kept] = v;
        kept += notAbove - isBelow;
      }
    }
    double sumBelow = 0;
    for (int b = 0; b < below; b++) {
      sumBelow += belowValue[b];
    }
    int rank = k - below; // 1-based rank of the k-th smallest among the candidates
    if (rank >= 1 && rank <= kept) {
      return sumBelow + sumOfSmallest(candidates, kept, rank);
    }
    // The bracket missed: select over the whole row.
    int n = 0;
    for (int j = 0; j < length; j++) {
      if (j != self) {
        candidates[n++] = distance(products[offset + j], rowNorm, norms[j]);
      }
    }
    return sumOfSmallest(candidates, n, k);
  }

  /** The element-wise part of {@link SquaredDistances#between}: same operations, same order. */
  static float distance(float product, float rowNorm, float norm) {
    float v = product + rowNorm + norm;
    return v < 0f ? 0f : v;
  }

  private float[] zeroNorms() {
    if (zeroNorms == null) {
      zeroNorms = new float[candidates.length];
    }
    return zeroNorms;
  }

  /**
   * Brackets the {@code k}-th smallest of a row by two order statistics of a sample of it: with a
   * margin of 4 standard deviations of the sample rank (plus 8), {@code lo <= t <= hi} nearly
   * always; callers check and fall back when it does not hold. Selection, not a sort (the sort cost
   * more than the scan at T = 20000).
   *
   * @param sample {@code taken} sampled distances (reordered)
   * @param k rank sought among the row's {@code others} values
   * @return {@code {lo, hi}}, -inf / +inf where the margin leaves the sample
   */
  static float[] bracket(float[] sample, int taken, int k, int others) {
    float lo = Float.NEGATIVE_INFINITY;
    float hi = Float.POSITIVE_INFINITY;
    double p = (double) k / others;
    int margin = 8 + (int) Math.ceil(4 * Math.sqrt(taken * p * (1 - p)));
    int expected = (int) Math.floor(p * taken);
    if (expected - margin >= 0) {
      select(sample, 0, taken, expected - margin);
      lo = sample[expected - margin];
    }
    if (expected + margin < taken) {
      int from = Math.max(0, expected - margin);
      select(sample, from, taken, expected + margin);
      hi = sample[expected + margin];
    }
    return new float[] {lo, hi};
  }

  /** Sum of the {@code r} smallest of {@code values[0..n)}; reorders the array. */
  static double sumOfSmallest(float[] values, int n, int r) {
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
  static void select(float[] values, int from, int to, int target) {
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

  /**
   * Replaces the largest of a max-heap of {@code m} nearest (values and token indexes at {@code
   * base..base+m} of the two arrays) with {@code (value, index)}; returns the new largest.
   */
  static float replaceTop(float[] values, int[] indexes, int base, int m, float value, int index) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= m) {
        break;
      }
      if (child + 1 < m && values[base + child + 1] > values[base + child]) {
        child++;
      }
      if (values[base + child] <= value) {
        break;
      }
      values[base + i] = values[base + child];
      indexes[base + i] = indexes[base + child];
      i = child;
    }
    values[base + i] = value;
    indexes[base + i] = index;
    return values[base];
  }
}
