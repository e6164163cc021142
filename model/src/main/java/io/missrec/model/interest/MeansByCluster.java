package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.missrec.model.torch.TorchOwned;
import java.util.Arrays;

/**
 * Interest embeddings: the mean of each cluster's member tokens. Rows are sorted by cluster (a
 * gather), summed with a float64 prefix sum, and each cluster's sum is the difference of two prefix
 * rows. That is {@code O(T d)} memory (a one-hot matmul would need {@code K_c * T}) and stays
 * differentiable with respect to the tokens: nothing is detached here.
 */
public final class MeansByCluster {

  private MeansByCluster() {}

  /**
   * @param tokens {@code (T, d)} float tokens, may require gradient
   * @param assignment cluster id in {@code [0, numClusters)} per token (length {@code T})
   * @param numClusters {@code K_c}
   * @return {@code (K_c, d)} means in the tokens' data type; an empty cluster gets a zero row
   */
  public static NDArray means(NDArray tokens, int[] assignment, int numClusters) {
    if (tokens.getShape().dimension() != 2 || tokens.getShape().get(0) != assignment.length) {
      throw new IllegalArgumentException(
          "tokens " + tokens.getShape() + " do not match " + assignment.length + " assignments");
    }
    if (numClusters < 1) {
      throw new IllegalArgumentException("numClusters must be >= 1, got " + numClusters);
    }
    int[] counts = new int[numClusters];
    for (int token = 0; token < assignment.length; token++) {
      int cluster = assignment[token];
      if (cluster < 0 || cluster >= numClusters) {
        throw new IllegalArgumentException(
            "token " + token + " has cluster " + cluster + ", outside [0, " + numClusters + ")");
      }
      counts[cluster]++;
    }
    // Counting sort: start[c] .. start[c+1]-1 are cluster c's rows once sorted.
    int[] start = new int[numClusters + 1];
    for (int c = 0; c < numClusters; c++) {
      start[c + 1] = start[c] + counts[c];
    }
    int[] next = start.clone();
    int[] sortedTokens = new int[assignment.length];
    for (int token = 0; token < assignment.length; token++) {
      sortedTokens[next[assignment[token]]++] = token;
    }
    float[] divisors = new float[numClusters];
    for (int c = 0; c < numClusters; c++) {
      divisors[c] = Math.max(1, counts[c]);
    }

    NDManager manager = tokens.getManager();
    NDArray means;
    try (NDScope scope = new NDScope()) {
      // libtorch-owned: the gathers and the division save these for a backward pass that may run
      // after this scope has closed them
      NDArray order = TorchOwned.copyOf(manager.create(sortedTokens));
      NDArray ends =
          TorchOwned.copyOf(manager.create(Arrays.copyOfRange(start, 1, numClusters + 1)));
      NDArray begins = TorchOwned.copyOf(manager.create(Arrays.copyOf(start, numClusters)));
      NDArray sizes = TorchOwned.copyOf(manager.create(divisors)).reshape(numClusters, 1);
      // DJL's toType cuts the autograd graph, so the float64 value and the float32 gradient path
      // are computed separately and joined as exact + (path - detach(path)): the difference is
      // exactly 0, and the gradient is that of the (linear) float32 path.
      NDArray exact =
          segmentSums(
                  tokens.stopGradient().get(order).toType(DataType.FLOAT64, false), ends, begins)
              .div(sizes.toType(DataType.FLOAT64, false))
              .toType(tokens.getDataType(), false);
      NDArray path = segmentSums(tokens.get(order), ends, begins).div(sizes);
      means = path.sub(path.stopGradient()).add(exact);
      NDScope.unregister(means);
    }
    // the result belongs to the caller's scope, if it has one, like any other op's result
    NDScope.register(means);
    return means;
  }

  /**
   * @param sorted {@code (T, d)} rows grouped by cluster
   * @param ends {@code (K)} exclusive end row of each cluster
   * @param begins {@code (K)} first row of each cluster
   * @return {@code (K, d)} per-cluster sums, as differences of prefix sums
   */
  private static NDArray segmentSums(NDArray sorted, NDArray ends, NDArray begins) {
    Shape zeroRow = new Shape(1, sorted.getShape().get(1));
    NDArray prefix =
        sorted.getManager().zeros(zeroRow, sorted.getDataType()).concat(sorted.cumSum(0), 0);
    return prefix.get(ends).sub(prefix.get(begins));
  }
}
