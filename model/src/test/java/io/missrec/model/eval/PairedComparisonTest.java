package io.missrec.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.missrec.model.eval.PairedComparison.Metric;
import org.junit.jupiter.api.Test;

/** Paired differences on hand-made rankings. */
class PairedComparisonTest {

  @Test
  void recallDifferenceAndItsPairedErrorByHand() {
    // users 0-3: baseline hits at 10 for users 0, 1; candidate for users 1, 2, 3
    long[] baseline = {0, 4, 30, 12};
    long[] candidate = {15, 2, 9, 0};
    PairedComparison c = PairedComparison.of(Metric.RECALL, 10, baseline, candidate);

    // per-user differences: -1, 0, +1, +1 -> mean 0.25, sample variance (1.5625 + 0.0625 +
    // 0.5625 + 0.5625) / 3 = 11/12, s.e. sqrt(11/12 / 4)
    assertThat(c.metric()).isEqualTo("Recall@10");
    assertThat(c.users()).isEqualTo(4);
    assertThat(c.baseline()).isEqualTo(0.5);
    assertThat(c.candidate()).isEqualTo(0.75);
    assertThat(c.difference()).isEqualTo(0.25);
    assertThat(c.standardError()).isCloseTo(Math.sqrt(11.0 / 12 / 4), within(1e-15));
    assertThat(c.better()).isEqualTo(2);
    assertThat(c.worse()).isEqualTo(1);
    assertThat(c.z()).isCloseTo(0.25 / Math.sqrt(11.0 / 12 / 4), within(1e-12));
  }

  @Test
  void ndcgMeansEqualTheUnpairedMetricsAndTheErrorIsBelowEitherModelsOwn() {
    // the candidate moves every target up by one place: a small, consistent gain
    int n = 400;
    long[] baseline = new long[n];
    long[] candidate = new long[n];
    for (int u = 0; u < n; u++) {
      baseline[u] = (u * 7L) % 23;
      candidate[u] = Math.max(0, baseline[u] - 1);
    }
    PairedComparison c = PairedComparison.of(Metric.NDCG, 10, baseline, candidate);
    RankingMetrics a = new RankingMetrics(10);
    a.addAll(baseline);
    RankingMetrics b = new RankingMetrics(10);
    b.addAll(candidate);

    assertThat(c.baseline()).isCloseTo(a.ndcg(10), within(1e-12));
    assertThat(c.candidate()).isCloseTo(b.ndcg(10), within(1e-12));
    assertThat(c.difference()).isCloseTo(b.ndcg(10) - a.ndcg(10), within(1e-12));
    assertThat(c.worse()).isZero();
    assertThat(c.standardError()).isLessThan(a.ndcgStandardError(10) / 2);
    assertThat(c.z()).isGreaterThan(2);
  }

  @Test
  void identicalRankingsDifferByNothingAndOddInputIsRefused() {
    long[] ranks = {0, 3, 99};
    PairedComparison same = PairedComparison.of(Metric.NDCG, 50, ranks, ranks.clone());
    assertThat(same.difference()).isZero();
    assertThat(same.standardError()).isZero();
    assertThat(same.z()).isZero();
    assertThat(same.better() + same.worse()).isZero();

    assertThatThrownBy(() -> PairedComparison.of(Metric.NDCG, 10, ranks, new long[] {0, 1}))
        .hasMessageContaining("3 and 2 users");
    assertThatThrownBy(() -> PairedComparison.of(Metric.NDCG, 0, ranks, ranks))
        .hasMessageContaining("cutoff must be >= 1");
    assertThatThrownBy(() -> PairedComparison.of(Metric.RECALL, 10, ranks, new long[] {0, -1, 2}))
        .hasMessageContaining("user 1");
  }
}
