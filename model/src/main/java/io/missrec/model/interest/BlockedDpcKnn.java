package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * DPC-KNN over row blocks, so the {@code T x T} distance matrix never exists. libtorch computes
 * each block's products with all its intra-op threads; Java threads (one per core) then scan them.
 *
 * <ol>
 *   <li>density: per token, the sum of the {@code k} smallest distances to other tokens (via the
 *       {@code k}-th order statistic) and the token's {@code m} nearest other tokens, with every
 *       distance computed once for both of its tokens ({@link SymmetricDensity});
 *   <li>separation: a token's nearest denser token, if any of its {@code m} nearest is denser, is
 *       the nearest denser one among them (every token outside the list is at least as far as all
 *       in it), so {@code delta} is read off the list. Only the tokens with no denser token in
 *       their list (local peaks, typically a small fraction) get a full row of distances again;
 *   <li>assignment: {@code (b, K_c)} distances to the centres, {@code argMin} (ties: lower id).
 * </ol>
 *
 * <p>Every value is a minimum, a maximum or a sum of the same distances {@link DirectDpcKnn} uses,
 * so both agree up to the rounding of the distances and of the sums' order: libtorch's matmul may
 * round a product of a block in the last bit differently from the whole matrix's (it does on an
 * AVX-512 CPU, at any width), and sums arrive in a different order.
 */
public final class BlockedDpcKnn implements DensityPeakClusterer {

  /** Nearest neighbours kept per token for the separation pass. */
  static final int DEFAULT_NEIGHBOURS = 32;

  private final int neighbours;
  private final RunKernel kernel;

  public BlockedDpcKnn() {
    this(DEFAULT_NEIGHBOURS);
  }

  BlockedDpcKnn(int neighbours) {
    this(neighbours, RunKernels.best());
  }

  /**
   * @param neighbours nearest neighbours kept per token ({@code m}), at least 1
   * @param kernel scans runs of distances in the density pass
   */
  BlockedDpcKnn(int neighbours, RunKernel kernel) {
    if (neighbours < 1) {
      throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
    }
    this.neighbours = neighbours;
    this.kernel = kernel;
  }

  @Override
  public DpcKnnResult cluster(NDArray tokens, DpcKnnConfig config) {
    SquaredDistances.requireTokenMatrix(tokens);
    int numTokens = Math.toIntExact(tokens.getShape().get(0));
    config.validateFor(numTokens);
    int block = config.blockRowsFor(numTokens);
    int m = Math.min(neighbours, numTokens - 1);
    try (NDScope scope = new NDScope()) {
      NDArray x = tokens.stopGradient();
      NDArray norms = SquaredDistances.rowNorms(x);

      long start = System.nanoTime();
      int[] nearest = new int[numTokens * m];
      float[] nearestDistance = new float[numTokens * m];
      double[] logRho =
          SymmetricDensity.compute(
              kernel, x, norms.toFloatArray(), config.k(), m, block, nearest, nearestDistance);
      double densitySeconds = DpcKnnTimings.since(start);

      start = System.nanoTime();
      float[] delta = separation(x, norms, logRho, m, block, nearest, nearestDistance);
      double separationSeconds = DpcKnnTimings.since(start);

      start = System.nanoTime();
      int[] centres = DensityPeaks.selectCentres(logRho, delta, config.numCentres());
      int[] assignment = assignment(x, norms, centres, block);
      double assignmentSeconds = DpcKnnTimings.since(start);

      return new DpcKnnResult(
          centres,
          assignment,
          DensityPeaks.rho(logRho),
          logRho,
          delta,
          new DpcKnnTimings(densitySeconds, separationSeconds, assignmentSeconds));
    }
  }

  /** {@code delta} per token: from the neighbour lists, full rows for the local peaks only. */
  private static float[] separation(
      NDArray x,
      NDArray norms,
      double[] logRho,
      int m,
      int block,
      int[] nearest,
      float[] nearestDistance) {
    int numTokens = logRho.length;
    int[] rank = DensityPeaks.densityRank(logRho);
    float[] delta = new float[numTokens];
    int[] peaks = new int[numTokens];
    int numPeaks = 0;
    for (int i = 0; i < numTokens; i++) {
      float best = Float.POSITIVE_INFINITY;
      boolean found = false;
      for (int n = i * m; n < i * m + m; n++) {
        if (rank[nearest[n]] < rank[i] && nearestDistance[n] <= best) {
          best = nearestDistance[n];
          found = true;
        }
      }
      if (found) {
        delta[i] = best;
      } else {
        peaks[numPeaks++] = i;
      }
    }
    for (int p0 = 0; p0 < numPeaks; p0 += block) {
      int p1 = Math.min(numPeaks, p0 + block);
      try (NDScope blockScope = new NDScope()) {
        int[] ids = Arrays.copyOfRange(peaks, p0, p1);
        NDArray index = x.getManager().create(ids);
        NDArray d = distances(x.get(index), norms.get(index), x, norms);
        FloatBuffer rows = floats(d);
        forEachRowChunk(
            ids.length,
            (from, to) -> {
              float[] row = new float[numTokens];
              for (int r = from; r < to; r++) {
                rows.get(r * numTokens, row);
                delta[ids[r]] = nearestDenser(row, rank, ids[r]);
              }
            });
      }
    }
    return delta;
  }

  /** Min distance to a denser token, or the max distance for the densest token. */
  private static float nearestDenser(float[] row, int[] rank, int token) {
    int own = rank[token];
    if (own == 0) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : row) {
        max = Math.max(max, v);
      }
      return max;
    }
    float min = Float.POSITIVE_INFINITY;
    for (int j = 0; j < row.length; j++) {
      if (rank[j] < own) {
        min = Math.min(min, row[j]);
      }
    }
    return min;
  }

  /** Cluster id per token: nearest centre, centres to themselves. */
  private static int[] assignment(NDArray x, NDArray norms, int[] centres, int block) {
    int numTokens = Math.toIntExact(x.getShape().get(0));
    int[] assignment = new int[numTokens];
    try (NDScope scope = new NDScope()) {
      NDArray centreIndex = x.getManager().create(centres);
      NDArray c = x.get(centreIndex);
      NDArray cNorms = norms.get(centreIndex);
      for (int r0 = 0; r0 < numTokens; r0 += block) {
        int r1 = Math.min(numTokens, r0 + block);
        try (NDScope blockScope = new NDScope()) {
          NDArray rows = x.get(new NDIndex("{}:{}", r0, r1));
          NDArray rowNorms = norms.get(new NDIndex("{}:{}", r0, r1));
          NDArray nearest =
              distances(rows, rowNorms, c, cNorms).argMin(1).toType(DataType.INT32, false);
          System.arraycopy(nearest.toIntArray(), 0, assignment, r0, r1 - r0);
        }
      }
    }
    DensityPeaks.assignCentresToThemselves(assignment, centres);
    return assignment;
  }

  /**
   * Rows {@code r0..r1-1} of {@code x}, or {@code r0} twice when that is all: libtorch takes a
   * matrix-vector path for one row, whose rounding was seen to differ in the last bit from the
   * matrix-matrix path that {@link DirectDpcKnn} takes. Callers read the first {@code r1-r0} rows.
   */
  static NDArray atLeastTwoRows(NDArray x, int r0, int r1) {
    NDArray rows = x.get(new NDIndex("{}:{}", r0, r1));
    return r1 - r0 == 1 ? rows.repeat(0, 2) : rows;
  }

  /**
   * {@link SquaredDistances#between}, with the same single-row guard as {@link #atLeastTwoRows}.
   */
  private static NDArray distances(NDArray rows, NDArray rowNorms, NDArray x, NDArray norms) {
    if (rows.getShape().get(0) == 1) {
      return SquaredDistances.between(rows.repeat(0, 2), rowNorms.repeat(0, 2), x, norms);
    }
    return SquaredDistances.between(rows, rowNorms, x, norms);
  }

  /** The array's float32 values without a copy where the engine allows it; valid while it lives. */
  static FloatBuffer floats(NDArray d) {
    return d.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** Rows {@code [from, to)} of one chunk per core, run in parallel. */
  interface RowChunk {
    void run(int from, int to);
  }

  static void forEachRowChunk(int numRows, RowChunk chunk) {
    int chunks = Math.min(numRows, Runtime.getRuntime().availableProcessors());
    IntStream.range(0, chunks)
        .parallel()
        .forEach(c -> chunk.run(numRows * c / chunks, numRows * (c + 1) / chunks));
  }
}
