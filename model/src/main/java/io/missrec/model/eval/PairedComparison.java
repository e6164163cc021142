package io.missrec.model.eval;

import java.util.Locale;

/**
 * Two models ranked on the same users, user by user: the mean of the per-user differences of a
 * metric and its paired standard error. The two models' errors on one test set are strongly
 * correlated (the same users are easy or hard for both), so the paired error of their difference is
 * much smaller than either model's own standard error, and it is the one that says whether the test
 * set can tell them apart.
 *
 * @param metric {@code Recall@K} or {@code NDCG@K}
 * @param users users compared (both rank arrays cover the same users, in the same order)
 * @param baseline the baseline's metric over the users
 * @param candidate the candidate's metric over the users
 * @param difference candidate minus baseline (the mean per-user difference)
 * @param standardError sample standard deviation of the per-user differences over the square root
 *     of the user count; 0 with fewer than 2 users
 * @param better users for whom the candidate scores higher
 * @param worse users for whom it scores lower
 */
public record PairedComparison(
    String metric,
    long users,
    double baseline,
    double candidate,
    double difference,
    double standardError,
    long better,
    long worse) {

  /** The per-user metrics that can be compared: recall (a hit) and NDCG at a cutoff. */
  public enum Metric {
    RECALL("Recall"),
    NDCG("NDCG");

    private final String label;

    Metric(String label) {
      this.label = label;
    }

    double of(long rank, int k) {
      return this == RECALL ? RankingMetrics.recall(rank, k) : RankingMetrics.ndcg(rank, k);
    }

    /** {@code Recall@10} or {@code NDCG@10}. */
    public String label(int k) {
      return label + "@" + k;
    }
  }

  /**
   * Compares two rankings of the same users.
   *
   * @param baselineRanks per user, the target's 0-based rank under the baseline
   * @param candidateRanks the same users, in the same order, under the candidate
   * @throws IllegalArgumentException if the two cover different numbers of users, a rank is
   *     negative, or the cutoff is below 1
   */
  public static PairedComparison of(
      Metric metric, int k, long[] baselineRanks, long[] candidateRanks) {
    if (k < 1) {
      throw new IllegalArgumentException("cutoff must be >= 1, got " + k);
    }
    if (baselineRanks.length != candidateRanks.length) {
      throw new IllegalArgumentException(
          "the rankings cover "
              + baselineRanks.length
              + " and "
              + candidateRanks.length
              + " users; a paired comparison needs the same users");
    }
    int n = baselineRanks.length;
    double sumA = 0;
    double sumB = 0;
    double sumD = 0;
    double sumD2 = 0;
    long better = 0;
    long worse = 0;
    for (int u = 0; u < n; u++) {
      if (baselineRanks[u] < 0 || candidateRanks[u] < 0) {
        throw new IllegalArgumentException("user " + u + " has a negative rank");
      }
      double a = metric.of(baselineRanks[u], k);
      double b = metric.of(candidateRanks[u], k);
      double d = b - a;
      sumA += a;
      sumB += b;
      sumD += d;
      sumD2 += d * d;
      if (d > 0) {
        better++;
      } else if (d < 0) {
        worse++;
      }
    }
    double users = Math.max(1, n);
    double meanD = sumD / users;
    double standardError = 0;
    if (n >= 2) {
      double variance = Math.max(0, (sumD2 - n * meanD * meanD) / (n - 1));
      standardError = Math.sqrt(variance / n);
    }
    return new PairedComparison(
        metric.label(k), n, sumA / users, sumB / users, meanD, standardError, better, worse);
  }

  /**
   * The difference in paired standard errors: beyond about 2 in size, larger than this test set's
   * noise. Infinite for a difference with no spread at all, 0 for none.
   */
  public double z() {
    if (standardError > 0) {
      return difference / standardError;
    }
    return difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %.4f -> %.4f (%+.4f, paired s.e. %.4f, %d users)",
        metric,
        baseline,
        candidate,
        difference,
        standardError,
        users);
  }
}
