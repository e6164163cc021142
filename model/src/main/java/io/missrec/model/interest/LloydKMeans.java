package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.Random;

/**
 * K-means interests, the alternative to DPC-KNN that the spec allows and the released code calls:
 * centres start at {@code K} distinct tokens drawn at random, then {@code iterations} Lloyd steps
 * (assign every token to its nearest centre, move each centre to its members' mean; an empty
 * cluster keeps its centre), then a final assignment to the moved centres.
 *
 * <p>The released code runs one step: its mini-batch k-means fits all tokens in one batch, and its
 * stopping test compares the centres with themselves after the update, so it always stops there.
 * With {@code K} close to {@code T / 2} (fine-tuning) most clusters hold one to three tokens, and
 * the random start re-draws them every epoch.
 *
 * <p>Distances are computed per block of rows as {@code |c|^2 - 2 x.c} (the {@code |x|^2} term does
 * not change a row's argmin), so memory is {@code O(block * K)}, never {@code T x K} at once.
 */
public final class LloydKMeans {

  /** Rows of tokens per distance block. */
  static final int BLOCK_ROWS = 4096;

  /** The released code's effective number of steps. */
  public static final int RELEASED_ITERATIONS = 1;

  private final int iterations;

  /**
   * @param iterations Lloyd steps after the random start, at least 0
   */
  public LloydKMeans(int iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    this.iterations = iterations;
  }

  /** Outcome: the tokens the centres started at, and every token's cluster. */
  public record Result(int[] seeds, int[] assignment, int numClusters) {
    public int numTokens() {
      return assignment.length;
    }
  }

  /**
   * Clusters without gradient; the caller's array is neither modified nor closed.
   *
   * @param tokens {@code (T, d)} float32 token vectors
   * @param numClusters {@code K}, in {@code [1, T]}
   * @param random draws the starting tokens (the only randomness)
   */
  public Result cluster(NDArray tokens, int numClusters, Random random) {
    if (tokens.getShape().dimension() != 2) {
      throw new IllegalArgumentException("tokens must be (T, d), got " + tokens.getShape());
    }
    int t = (int) tokens.getShape().get(0);
    if (numClusters < 1 || numClusters > t) {
      throw new IllegalArgumentException(
          "numClusters must be in [1, " + t + "], got " + numClusters);
    }
    int[] seeds = distinctSample(t, numClusters, random);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDManager manager = tokens.getManager();
      NDArray x = tokens.stopGradient();
      NDArray centres = x.get(manager.create(seeds));
      int[] assignment = nearest(x, centres);
      for (int step = 0; step < iterations; step++) {
        centres = moved(x, centres, assignment, numClusters);
        assignment = nearest(x, centres);
      }
      return new Result(seeds, assignment, numClusters);
    }
  }

  /** Members' means; an empty cluster keeps its previous centre. */
  private static NDArray moved(NDArray x, NDArray centres, int[] assignment, int numClusters) {
    boolean[] empty = new boolean[numClusters];
    java.util.Arrays.fill(empty, true);
    for (int cluster : assignment) {
      empty[cluster] = false;
    }
    NDArray means = MeansByCluster.means(x, assignment, numClusters);
    NDArray keep =
        x.getManager().create(empty).reshape(numClusters, 1).broadcast(centres.getShape());
    return NDArrays.where(keep, centres, means);
  }

  /** Index of the nearest centre per token (ties: lower index). */
  static int[] nearest(NDArray x, NDArray centres) {
    int t = (int) x.getShape().get(0);
    int[] out = new int[t];
    NDArray centreNorms = centres.square().sum(new int[] {1}).expandDims(0); // (1, K)
    NDArray centresT = centres.transpose(); // (d, K)
    for (int from = 0; from < t; from += BLOCK_ROWS) {
      int to = Math.min(t, from + BLOCK_ROWS);
      try (NDScope block = new NDScope()) {
        block.suppressNotUsedWarning();
        NDArray rows = x.get(new NDIndex(from + ":" + to));
        NDArray scores = centreNorms.sub(rows.matMul(centresT).mul(2f)); // (b, K)
        long[] best = scores.argMin(1).toLongArray();
        for (int i = 0; i < best.length; i++) {
          out[from + i] = (int) best[i];
        }
      }
    }
    return out;
  }

  /** {@code k} distinct indices of {@code [0, n)} in draw order (partial Fisher-Yates). */
  static int[] distinctSample(int n, int k, Random random) {
    int[] pool = new int[n];
    for (int i = 0; i < n; i++) {
      pool[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return java.util.Arrays.copyOf(pool, k);
  }
}
