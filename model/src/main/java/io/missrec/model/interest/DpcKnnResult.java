package io.missrec.model.interest;

/**
 * Outcome of DPC-KNN over {@code T} tokens.
 *
 * <p>{@code rho} is {@code exp(logRho)} in float32 and underflows to 0 once the mean squared
 * neighbour distance passes about 104; {@code logRho} is what density comparisons and the centre
 * score use, so the clustering stays meaningful for any feature scale.
 *
 * @param centres token index of each centre; entry {@code m} is the centre of cluster {@code m}, in
 *     descending score {@code rho * delta} (ties: lower token index first)
 * @param assignment cluster id in {@code [0, K_c)} for every token (length {@code T})
 * @param rho local density per token
 * @param logRho {@code -(1/k) * sum} of the k smallest squared distances to other tokens
 * @param delta squared distance to the nearest denser token; for the densest token, the squared
 *     distance to the farthest token
 * @param timings seconds per phase
 */
public record DpcKnnResult(
    int[] centres,
    int[] assignment,
    float[] rho,
    double[] logRho,
    float[] delta,
    DpcKnnTimings timings) {

  /** Number of clusters {@code K_c}. */
  public int numClusters() {
    return centres.length;
  }

  /** Number of tokens {@code T}. */
  public int numTokens() {
    return assignment.length;
  }
}
