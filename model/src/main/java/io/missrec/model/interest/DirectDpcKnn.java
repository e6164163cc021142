package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Reference DPC-KNN on full {@code T x T} matrices, written as literally as the definition: a
 * denser-than mask over all pairs, masked min, masked max; the density selects the k smallest of
 * each full row ({@link RowNeighbours}). {@code O(T^2)} memory: for tests and small inputs only
 * ({@link DpcKnnConfig#blockRows()} is ignored).
 */
public final class DirectDpcKnn implements DensityPeakClusterer {

  @Override
  public DpcKnnResult cluster(NDArray tokens, DpcKnnConfig config) {
    SquaredDistances.requireTokenMatrix(tokens);
    int numTokens = Math.toIntExact(tokens.getShape().get(0));
    config.validateFor(numTokens);
    try (NDScope scope = new NDScope()) {
      NDManager manager = tokens.getManager();
      NDArray x = tokens.stopGradient();
      NDArray norms = SquaredDistances.rowNorms(x);

      long start = System.nanoTime();
      NDArray d = SquaredDistances.between(x, norms, x, norms); // (T, T)
      float[] all = d.toFloatArray();
      RowNeighbours scan = new RowNeighbours(numTokens, config.k());
      double[] logRho = new double[numTokens];
      for (int i = 0; i < numTokens; i++) {
        logRho[i] = DensityPeaks.logRho(scan.scan(all, i * numTokens, i), config.k());
      }
      double densitySeconds = DpcKnnTimings.since(start);

      start = System.nanoTime();
      float[] delta = separation(d, logRho);
      double separationSeconds = DpcKnnTimings.since(start);

      start = System.nanoTime();
      int[] centres = DensityPeaks.selectCentres(logRho, delta, config.numCentres());
      int[] assignment =
          d.get(new NDIndex(":, {}", manager.create(centres)))
              .argMin(1)
              .toType(DataType.INT32, false)
              .toIntArray();
      DensityPeaks.assignCentresToThemselves(assignment, centres);
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

  /**
   * @param d {@code (T, T)} squared distances
   * @return {@code delta_i = min_{j denser than i} d[i, j]}, or {@code max_j d[i, j]} if none
   */
  private static float[] separation(NDArray d, double[] logRho) {
    NDManager manager = d.getManager();
    int numTokens = logRho.length;
    NDArray rho = manager.create(logRho);
    NDArray rhoI = rho.reshape(numTokens, 1);
    NDArray rhoJ = rho.reshape(1, numTokens);
    NDArray index = manager.arange(numTokens);
    NDArray lowerIndex = index.reshape(1, numTokens).lt(index.reshape(numTokens, 1));
    // denser[i, j]: rho_j > rho_i, or equal density and j < i.
    NDArray denser = rhoJ.gt(rhoI).logicalOr(rhoJ.eq(rhoI).logicalAnd(lowerIndex));
    NDArray masked = d.duplicate();
    masked.set(denser.logicalNot(), Float.POSITIVE_INFINITY);
    float[] nearestDenser = masked.min(new int[] {1}).toFloatArray();
    float[] farthest = d.max(new int[] {1}).toFloatArray();
    float[] denserCount = denser.toType(DataType.FLOAT32, false).sum(new int[] {1}).toFloatArray();
    for (int i = 0; i < numTokens; i++) {
      if (denserCount[i] == 0f) {
        nearestDenser[i] = farthest[i];
      }
    }
    return nearestDenser;
  }
}
