package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Interest embeddings as the mean of their cluster's tokens, differentiable and O(T * d): tokens
 * are sorted by cluster once per clustering, and each step takes a cumulative sum and the
 * difference at the cluster boundaries (no {@code K x T} one-hot matmul).
 */
public final class ClusterMeans implements AutoCloseable {

  private final NDArray order;
  private final NDArray ends;
  private final NDArray starts;
  private final NDArray counts;
  private final int clusters;

  /**
   * @param manager where the (small, constant) index arrays live until {@link #close()}
   * @param assignment cluster id in {@code [0, clusters)} per token
   */
  public ClusterMeans(NDManager manager, int[] assignment, int clusters) {
    this.clusters = clusters;
    int tokens = assignment.length;
    int[] count = new int[clusters];
    for (int c : assignment) {
      count[c]++;
    }
    int[] offset = new int[clusters + 1];
    for (int c = 0; c < clusters; c++) {
      offset[c + 1] = offset[c] + count[c];
    }
    long[] sorted = new long[tokens];
    int[] fill = offset.clone();
    for (int t = 0; t < tokens; t++) {
      sorted[fill[assignment[t]]++] = t;
    }
    long[] end = new long[clusters];
    long[] start = new long[clusters];
    float[] size = new float[clusters];
    for (int c = 0; c < clusters; c++) {
      start[c] = offset[c];
      end[c] = offset[c + 1];
      size[c] = Math.max(1, count[c]);
    }
    order = manager.create(sorted);
    ends = manager.create(end);
    starts = manager.create(start);
    counts = manager.create(size, new Shape(clusters, 1));
    // these live as long as the clustering, even when built inside a step's NDScope
    ai.djl.ndarray.NDScope.unregister(order, ends, starts, counts);
  }

  public int clusters() {
    return clusters;
  }

  /**
   * @param tokens {@code (T, d)} in the token order the assignment refers to
   * @return {@code (K, d)} cluster means (an empty cluster gives a zero row)
   */
  public NDArray apply(NDArray tokens) {
    NDArray sorted = tokens.get(order);
    long d = tokens.getShape().get(1);
    NDArray prefix = tokens.getManager().zeros(new Shape(1, d)).concat(sorted.cumSum(0), 0);
    return prefix.get(ends).sub(prefix.get(starts)).div(counts);
  }

  @Override
  public void close() {
    order.close();
    ends.close();
    starts.close();
    counts.close();
  }
}
