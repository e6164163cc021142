package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * DPC-KNN over row blocks, so memory stays {@code O(blockRows * T)} and the {@code T x T} distance
 * matrix never exists. Three passes, each one NDArray computation per block (libtorch uses all
 * intra-op threads; no Java threads here):
 *
 * <ol>
 *   <li>density: {@code (b, T)} distances, self masked to +inf, sum of the {@code k} smallest via
 *       {@code topK(k, largest = false)};
 *   <li>separation: tokens permuted into density order (see {@link DensityPeaks}) so the denser
 *       tokens of row {@code p} are exactly rows {@code 0..p-1}; a block needs the {@code (b, r0)}
 *       distances to all earlier rows plus a strictly lower triangle of its own {@code (b, b)}
 *       distances, which halves the work;
 *   <li>assignment: {@code (b, K_c)} distances to the centres, {@code argMin} (ties: lower id).
 * </ol>
 */
public final class BlockedDpcKnn implements DensityPeakClusterer {

  @Override
  public DpcKnnResult cluster(NDArray tokens, DpcKnnConfig config) {
    SquaredDistances.requireTokenMatrix(tokens);
    int numTokens = Math.toIntExact(tokens.getShape().get(0));
    config.validateFor(numTokens);
    int block = config.blockRowsFor(numTokens);
    try (NDScope scope = new NDScope()) {
      NDArray x = tokens.stopGradient();
      NDArray norms = SquaredDistances.rowNorms(x);

      long start = System.nanoTime();
      double[] logRho = density(x, norms, config.k(), block);
      double densitySeconds = DpcKnnTimings.since(start);

      start = System.nanoTime();
      float[] delta = separation(x, norms, logRho, block);
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

  /** {@code logRho} for all {@code T} tokens, one {@code (b, T)} block at a time. */
  private static double[] density(NDArray x, NDArray norms, int k, int block) {
    int numTokens = Math.toIntExact(x.getShape().get(0));
    double[] logRho = new double[numTokens];
    for (int r0 = 0; r0 < numTokens; r0 += block) {
      int r1 = Math.min(numTokens, r0 + block);
      try (NDScope blockScope = new NDScope()) {
        NDArray rows = x.get(new NDIndex("{}:{}", r0, r1));
        NDArray rowNorms = norms.get(new NDIndex("{}:{}", r0, r1));
        NDArray d = SquaredDistances.between(rows, rowNorms, x, norms);
        excludeSelf(d, x.getManager(), r0, r1);
        NDArray smallest = d.topK(k, 1, false, true).get(0);
        double[] sums = smallest.toType(DataType.FLOAT64, false).sum(new int[] {1}).toDoubleArray();
        for (int i = 0; i < sums.length; i++) {
          logRho[r0 + i] = DensityPeaks.logRho(sums[i], k);
        }
      }
    }
    return logRho;
  }

  /** Sets the diagonal of the {@code (b, b)} column slice {@code r0:r1} of {@code d} to +inf. */
  private static void excludeSelf(NDArray d, NDManager manager, int r0, int r1) {
    NDIndex ownColumns = new NDIndex(":, {}:{}", r0, r1);
    NDArray own = d.get(ownColumns);
    NDArray position = manager.arange(r1 - r0);
    own.set(position.reshape(1, -1).eq(position.reshape(-1, 1)), Float.POSITIVE_INFINITY);
    d.set(ownColumns, own);
  }

  /** {@code delta} per token (original order), computed in density order. */
  private static float[] separation(NDArray x, NDArray norms, double[] logRho, int block) {
    int numTokens = logRho.length;
    int[] order = DensityPeaks.densityOrder(logRho);
    float[] deltaSorted = new float[numTokens];
    try (NDScope scope = new NDScope()) {
      NDArray orderIndex = x.getManager().create(order);
      NDArray xs = x.get(orderIndex);
      NDArray ns = norms.get(orderIndex);
      for (int r0 = 0; r0 < numTokens; r0 += block) {
        int r1 = Math.min(numTokens, r0 + block);
        try (NDScope blockScope = new NDScope()) {
          float[] nearestDenser = nearestDenserInOrder(xs, ns, r0, r1);
          System.arraycopy(nearestDenser, 0, deltaSorted, r0, r1 - r0);
        }
      }
      // The densest token has no denser one: its delta is its largest squared distance.
      NDArray top = xs.get(new NDIndex("0:1"));
      NDArray topNorm = ns.get(new NDIndex("0:1"));
      deltaSorted[0] = SquaredDistances.between(top, topNorm, x, norms).max().getFloat();
    }
    float[] delta = new float[numTokens];
    for (int p = 0; p < numTokens; p++) {
      delta[order[p]] = deltaSorted[p];
    }
    return delta;
  }

  /**
   * For sorted rows {@code r0..r1-1}: min squared distance to any earlier sorted row (+inf for row
   * 0).
   */
  private static float[] nearestDenserInOrder(NDArray xs, NDArray ns, int r0, int r1) {
    NDManager manager = xs.getManager();
    int b = r1 - r0;
    NDArray rows = xs.get(new NDIndex("{}:{}", r0, r1));
    NDArray rowNorms = ns.get(new NDIndex("{}:{}", r0, r1));
    NDArray within = SquaredDistances.between(rows, rowNorms, rows, rowNorms);
    // Keep column j < row i only: earlier = denser.
    NDArray position = manager.arange(b);
    NDArray notEarlier = position.reshape(1, b).gte(position.reshape(b, 1));
    within.set(notEarlier, Float.POSITIVE_INFINITY);
    NDArray best = within.min(new int[] {1});
    if (r0 > 0) {
      NDArray earlier = xs.get(new NDIndex("0:{}", r0));
      NDArray earlierNorms = ns.get(new NDIndex("0:{}", r0));
      best =
          best.minimum(
              SquaredDistances.between(rows, rowNorms, earlier, earlierNorms).min(new int[] {1}));
    }
    return best.toFloatArray();
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
              SquaredDistances.between(rows, rowNorms, c, cNorms)
                  .argMin(1)
                  .toType(DataType.INT32, false);
          System.arraycopy(nearest.toIntArray(), 0, assignment, r0, r1 - r0);
        }
      }
    }
    DensityPeaks.assignCentresToThemselves(assignment, centres);
    return assignment;
  }
}
