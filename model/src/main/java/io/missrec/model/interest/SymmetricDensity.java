package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The density pass of DPC-KNN with every distance computed once: {@code d(i, j) = d(j, i)}, so row
 * block {@code I} multiplies its rows only with the tokens from its own first row on (the upper
 * triangle, half the matrix product of a row-by-row pass). Each product serves both tokens: it goes
 * to row {@code i} now and to row {@code j} ahead of time.
 *
 * <p>No row is ever complete before its own block, so a row cannot be scanned at once; each keeps
 * running statistics instead. A sample of {@code S} columns first brackets every row's {@code k}-th
 * smallest distance {@code t} ({@link RowNeighbours#bracket}); then every distance offered to a row
 * is counted and summed when below the bracket, kept when inside it (a few percent of the row), and
 * dropped above it, and a max-heap keeps the row's {@code m} nearest. When a row's block comes, its
 * last distances arrive, {@code t} is selected among the kept ones, and the row's memory is freed.
 * A row whose bracket missed {@code t} (possible, never wrong) gets its full row computed again and
 * scanned exactly.
 *
 * <p>Memory: the kept distances of the rows not yet finished, at most about {@code T^2 / 4} times
 * the bracket's share of a row (which the sample size keeps to a few percent), plus {@code T * m}
 * neighbours.
 */
final class SymmetricDensity {

  /** Sampled columns are at least this many, and at most {@link #MAX_SAMPLE}. */
  static final int MIN_SAMPLE = 1024;

  static final int MAX_SAMPLE = 16384;

  /** Tokens per transposed tile of a block's own rows (a thread's rows x 256 floats, in cache). */
  private static final int TILE = 256;

  private final int numTokens;
  private final int k;
  private final int m;

  // Per token, read and written by the RunKernel that absorbs its runs of distances: squared norm,
  // bracket [lo, hi] of its k-th smallest distance, count and sum of distances below lo, distances
  // kept inside the bracket (null once the token is finished), and the farthest of its m nearest.
  final float[] norms;
  final float[] lo;
  final float[] hi;
  final int[] below;
  final double[] sumBelow;
  final float[][] kept;
  final int[] keptCount;
  private final int[] nearest;
  private final float[] nearestDistance;
  private final RunKernel kernel;
  final float[] farthestNear;
  private final boolean[] missed;

  private SymmetricDensity(
      int numTokens, int k, int m, float[] norms, int[] nearest, float[] dist, RunKernel kernel) {
    this.kernel = kernel;
    this.numTokens = numTokens;
    this.k = k;
    this.m = m;
    this.norms = norms;
    this.lo = new float[numTokens];
    this.hi = new float[numTokens];
    this.below = new int[numTokens];
    this.sumBelow = new double[numTokens];
    this.kept = new float[numTokens][];
    this.keptCount = new int[numTokens];
    this.nearest = nearest;
    this.nearestDistance = dist;
    this.farthestNear = new float[numTokens];
    this.missed = new boolean[numTokens];
    Arrays.fill(lo, Float.NEGATIVE_INFINITY);
    Arrays.fill(hi, Float.POSITIVE_INFINITY);
    Arrays.fill(nearest, -1);
    Arrays.fill(nearestDistance, Float.POSITIVE_INFINITY);
    Arrays.fill(farthestNear, Float.POSITIVE_INFINITY);
  }

  /**
   * @param kernel adds runs of distances to the rows' statistics
   * @param x {@code (T, d)} tokens
   * @param normValues {@code ||x_i||^2} from {@link SquaredDistances#rowNorms}
   * @param k neighbours summed per token, in {@code [1, T-1]}
   * @param m nearest neighbours kept per token, in {@code [1, T-1]}
   * @param block rows per block
   * @param nearest receives each token's {@code m} nearest other tokens, {@code m} per token
   * @param nearestDistance receives their distances, at the same positions
   * @return {@code log rho} per token
   */
  static double[] compute(
      RunKernel kernel,
      NDArray x,
      float[] normValues,
      int k,
      int m,
      int block,
      int[] nearest,
      float[] nearestDistance) {
    int numTokens = normValues.length;
    SymmetricDensity pass =
        new SymmetricDensity(numTokens, k, m, normValues, nearest, nearestDistance, kernel);
    if (numTokens - 1 > RowNeighbours.DIRECT_LIMIT) {
      pass.bracketRows(x, block, sampleSize(numTokens));
    }
    double[] logRho = new double[numTokens];
    for (int r0 = 0; r0 < numTokens; r0 += block) {
      int r1 = Math.min(numTokens, r0 + block);
      pass.block(x, r0, r1, logRho);
    }
    pass.finishMissedRows(x, logRho);
    return logRho;
  }

  /** Sampled columns: about {@code T / 32}, a power of two in [1024, 16384], below T. */
  static int sampleSize(int numTokens) {
    int wanted = Integer.highestOneBit(Math.max(1, numTokens / 32 - 1)) << 1;
    return Math.min(numTokens - 1, Math.max(MIN_SAMPLE, Math.min(MAX_SAMPLE, wanted)));
  }

  /** {@code lo} and {@code hi} of every row from its distances to {@code S} strided columns. */
  private void bracketRows(NDArray x, int block, int sampleSize) {
    int stride = numTokens / sampleSize;
    int[] columns = new int[sampleSize];
    for (int s = 0; s < sampleSize; s++) {
      columns[s] = s * stride;
    }
    try (NDScope scope = new NDScope()) {
      NDArray sampled = x.get(x.getManager().create(columns));
      for (int r0 = 0; r0 < numTokens; r0 += block) {
        int r1 = Math.min(numTokens, r0 + block);
        try (NDScope blockScope = new NDScope()) {
          FloatBuffer rows =
              BlockedDpcKnn.floats(
                  SquaredDistances.scaledProducts(
                      BlockedDpcKnn.atLeastTwoRows(x, r0, r1), sampled));
          int first = r0;
          BlockedDpcKnn.forEachRowChunk(
              r1 - r0,
              (from, to) -> {
                float[] products = new float[sampleSize];
                float[] sample = new float[sampleSize];
                for (int r = from; r < to; r++) {
                  int token = first + r;
                  rows.get(r * sampleSize, products);
                  int taken = 0;
                  for (int s = 0; s < sampleSize; s++) {
                    if (columns[s] != token) {
                      sample[taken++] =
                          RowNeighbours.distance(products[s], norms[token], norms[columns[s]]);
                    }
                  }
                  float[] bracket = RowNeighbours.bracket(sample, taken, k, numTokens - 1);
                  lo[token] = bracket[0];
                  hi[token] = bracket[1];
                }
              });
        }
      }
    }
  }

  /**
   * The tokens from {@code r0} on times rows {@code r0..r1-1}, as a {@code (T - r0, b)} product so
   * that each token's distances to the block are contiguous: first every later token takes its
   * {@code b} distances (tokens split among threads), then the block's own tokens take theirs from
   * every token from {@code r0} on and are finished (block columns split among threads).
   */
  private void block(NDArray x, int r0, int r1, double[] logRho) {
    try (NDScope scope = new NDScope()) {
      int width = numTokens - r0;
      int rows = r1 - r0;
      NDArray rest = x.get(new NDIndex("{}:", r0));
      // (width, stride): row c holds token r0 + c's products with the block's tokens
      int stride = Math.max(2, rows);
      FloatBuffer products =
          BlockedDpcKnn.floats(
              SquaredDistances.scaledProducts(rest, BlockedDpcKnn.atLeastTwoRows(x, r0, r1)));
      BlockedDpcKnn.forEachRowChunk(
          numTokens - r1,
          (from, to) -> {
            float[] part = new float[rows];
            float[] scratch = new float[kernel.scratchLength()];
            for (int token = r1 + from; token < r1 + to; token++) {
              products.get((token - r0) * stride, part);
              kernel.absorb(this, token, part, 0, rows, r0, scratch);
            }
          });
      BlockedDpcKnn.forEachRowChunk(
          rows,
          (from, to) -> {
            // tiles of TILE tokens, transposed so that each block token's distances are contiguous
            int count = to - from;
            float[] part = new float[count];
            float[][] tile = new float[count][TILE];
            float[] scratch = new float[kernel.scratchLength()];
            for (int c0 = 0; c0 < width; c0 += TILE) {
              int c1 = Math.min(width, c0 + TILE);
              for (int c = c0; c < c1; c++) {
                products.get(c * stride + from, part);
                for (int r = 0; r < count; r++) {
                  tile[r][c - c0] = part[r];
                }
              }
              for (int r = 0; r < count; r++) {
                int token = r0 + from + r;
                if (token >= r0 + c0 && token < r0 + c1) {
                  tile[r][token - r0 - c0] = Float.NaN; // itself: NaN is below, in and near nothing
                }
                kernel.absorb(this, token, tile[r], 0, c1 - c0, r0 + c0, scratch);
              }
            }
            for (int token = r0 + from; token < r0 + to; token++) {
              finish(token, logRho);
            }
          });
    }
  }

  /**
   * {@code values} with room for {@code more} after its first {@code n}: itself, or a copy 1.5
   * times as large (a new array of 64 for null).
   */
  static float[] room(float[] values, int n, int more) {
    if (values == null) {
      return new float[Math.max(64, more)];
    }
    if (n + more <= values.length) {
      return values;
    }
    return Arrays.copyOf(values, Math.max(n + more, n + (n >> 1)));
  }

  /**
   * Offers distance {@code v} to token {@code column} to the row's nearest; the caller has checked
   * {@code v < farthestNear[row]}. Returns the new farthest of the kept nearest.
   */
  float near(int row, float v, int column) {
    return RowNeighbours.replaceTop(nearestDistance, nearest, row * m, m, v, column);
  }

  /** All of the row's distances have arrived: its density, unless the bracket missed. */
  private void finish(int row, double[] logRho) {
    int rank = k - below[row]; // rank of the k-th smallest among the kept distances
    if (rank >= 1 && rank <= keptCount[row]) {
      double sum = sumBelow[row] + RowNeighbours.sumOfSmallest(kept[row], keptCount[row], rank);
      logRho[row] = DensityPeaks.logRho(sum, k);
    } else if (rank == 0) { // exactly k below the bracket
      logRho[row] = DensityPeaks.logRho(sumBelow[row], k);
    } else {
      missed[row] = true;
    }
    kept[row] = null;
  }

  /** Rows whose bracket missed: their full row again, selected exactly (on this thread). */
  private void finishMissedRows(NDArray x, double[] logRho) {
    RowNeighbours scan = null;
    for (int row = 0; row < numTokens; row++) {
      if (!missed[row]) {
        continue;
      }
      if (scan == null) {
        scan = new RowNeighbours(numTokens, k);
      }
      try (NDScope scope = new NDScope()) {
        float[] products = new float[numTokens];
        BlockedDpcKnn.floats(
                SquaredDistances.scaledProducts(BlockedDpcKnn.atLeastTwoRows(x, row, row + 1), x))
            .get(0, products);
        double sum = scan.scanProducts(products, 0, norms[row], norms, row);
        logRho[row] = DensityPeaks.logRho(sum, k);
      }
    }
  }
}
