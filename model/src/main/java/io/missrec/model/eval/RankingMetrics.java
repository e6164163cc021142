package io.missrec.model.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Full-ranking top-K metrics with one target per user (so Recall@K = HR@K). A rank is 0-based: the
 * number of candidates scored strictly higher than the target.
 */
public final class RankingMetrics {

  /** The cutoffs of {@link #withReleasedEvaluator()}: the protocol's 10 and 50, then 11 and 51. */
  public static final List<Integer> RELEASED_EVALUATOR_CUTOFFS = List.of(10, 50, 11, 51);

  private final int[] cutoffs;
  private final double[] hits;
  private final double[] gains;
  private final double[] squaredGains;
  private long users;

  public RankingMetrics(int... cutoffs) {
    this.cutoffs = cutoffs.clone();
    this.hits = new double[cutoffs.length];
    this.gains = new double[cutoffs.length];
    this.squaredGains = new double[cutoffs.length];
  }

  /** The protocol's cutoffs: 10 and 50. */
  public static RankingMetrics standard() {
    return new RankingMetrics(10, 50);
  }

  /**
   * The protocol's cutoffs plus 11 and 51: what the released code's evaluator reports as "@10" and
   * "@50". Its bundled RecBole collector keeps the top {@code max(topk) + 1} items and its metric
   * table reads row {@code k} where stock RecBole reads {@code k - 1}, so each "@K" it prints is
   * the metric over the top K + 1. Reporting both lets a run be compared with figures from that
   * code.
   */
  public static RankingMetrics withReleasedEvaluator() {
    return new RankingMetrics(
        RELEASED_EVALUATOR_CUTOFFS.stream().mapToInt(Integer::intValue).toArray());
  }

  public void add(long rank) {
    if (rank < 0) {
      throw new IllegalArgumentException("rank must be >= 0, got " + rank);
    }
    users++;
    for (int i = 0; i < cutoffs.length; i++) {
      if (rank < cutoffs[i]) {
        double gain = ndcg(rank, cutoffs[i]);
        hits[i] += 1;
        gains[i] += gain;
        squaredGains[i] += gain * gain;
      }
    }
  }

  /** One user's Recall@K (a hit, 0 or 1) for the target's 0-based rank. */
  public static double recall(long rank, int k) {
    return rank < k ? 1 : 0;
  }

  /** One user's NDCG@K for the target's 0-based rank: {@code 1 / log2(rank + 2)} in the top K. */
  public static double ndcg(long rank, int k) {
    return rank < k ? 1.0 / (StrictMath.log(rank + 2.0) / StrictMath.log(2.0)) : 0;
  }

  public void addAll(long[] ranks) {
    for (long r : ranks) {
      add(r);
    }
  }

  public long users() {
    return users;
  }

  public double recall(int k) {
    return hits[index(k)] / Math.max(1, users);
  }

  public double ndcg(int k) {
    return gains[index(k)] / Math.max(1, users);
  }

  /**
   * Standard error of {@link #recall(int)} as an estimate over users: the sample standard deviation
   * of the per-user hit (0 or 1) over the square root of the user count; 0 with fewer than 2 users.
   * Two runs on the same users whose recalls differ by less than about two of these are not told
   * apart by this test set.
   */
  public double recallStandardError(int k) {
    int i = index(k);
    return standardError(hits[i], hits[i]);
  }

  /** Standard error of {@link #ndcg(int)} over users, as for {@link #recallStandardError}. */
  public double ndcgStandardError(int k) {
    int i = index(k);
    return standardError(gains[i], squaredGains[i]);
  }

  private double standardError(double sum, double sumOfSquares) {
    if (users < 2) {
      return 0;
    }
    double mean = sum / users;
    double variance = Math.max(0, (sumOfSquares - users * mean * mean) / (users - 1));
    return Math.sqrt(variance / users);
  }

  /** The standard errors of {@link #asMap()}'s metrics, under the same keys. */
  public Map<String, Double> standardErrors() {
    return byName(this::recallStandardError, this::ndcgStandardError);
  }

  /** {@code recall@K} and {@code ndcg@K} for every cutoff, in a stable order. */
  public Map<String, Double> asMap() {
    return byName(this::recall, this::ndcg);
  }

  /** {@code recall@K} for every cutoff, then {@code ndcg@K}, each from its function of K. */
  private Map<String, Double> byName(IntToDoubleFunction recall, IntToDoubleFunction ndcg) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k : cutoffs) {
      out.put("recall@" + k, recall.applyAsDouble(k));
    }
    for (int k : cutoffs) {
      out.put("ndcg@" + k, ndcg.applyAsDouble(k));
    }
    return out;
  }

  private int index(int k) {
    for (int i = 0; i < cutoffs.length; i++) {
      if (cutoffs[i] == k) {
        return i;
      }
    }
    throw new IllegalArgumentException("cutoff " + k + " not tracked");
  }
}
