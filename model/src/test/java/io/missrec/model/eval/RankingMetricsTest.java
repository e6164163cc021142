package io.missrec.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  @Test
  void handMadeRankings() {
    RankingMetrics m = new RankingMetrics(1, 3);
    m.addAll(new long[] {0, 2, 5, 1});
    // recall@1: only rank 0 -> 1/4; recall@3: ranks 0,2,1 -> 3/4
    assertThat(m.recall(1)).isEqualTo(0.25);
    assertThat(m.recall(3)).isEqualTo(0.75);
    // ndcg@3: (1/log2(2) + 1/log2(4) + 1/log2(3)) / 4
    double expected = (1.0 + 0.5 + 1.0 / (Math.log(3) / Math.log(2))) / 4;
    assertThat(m.ndcg(3)).isCloseTo(expected, within(1e-12));
    assertThat(m.ndcg(1)).isEqualTo(0.25);
    assertThat(m.asMap()).containsKeys("recall@1", "recall@3", "ndcg@1", "ndcg@3");
  }

  /** The released evaluator's "@10" counts an item at 0-based rank 10 (the 11th), ours does not. */
  @Test
  void releasedEvaluatorCutoffsCountOneMoreItem() {
    RankingMetrics m = RankingMetrics.withReleasedEvaluator();
    m.addAll(new long[] {0, 9, 10, 50});
    assertThat(m.recall(10)).isEqualTo(0.5);
    assertThat(m.recall(11)).isEqualTo(0.75);
    assertThat(m.recall(50)).isEqualTo(0.75);
    assertThat(m.recall(51)).isEqualTo(1.0);
    double log2 = Math.log(2);
    double at10 = 1.0 + log2 / Math.log(11);
    assertThat(m.ndcg(10)).isCloseTo(at10 / 4, within(1e-12));
    assertThat(m.ndcg(11)).isCloseTo((at10 + log2 / Math.log(12)) / 4, within(1e-12));
    assertThat(m.ndcg(51))
        .isCloseTo((at10 + log2 / Math.log(12) + log2 / Math.log(52)) / 4, within(1e-12));
    assertThat(m.asMap())
        .containsOnlyKeys(
            "recall@10",
            "recall@50",
            "recall@11",
            "recall@51",
            "ndcg@10",
            "ndcg@50",
            "ndcg@11",
            "ndcg@51");
  }

  /** Ranks 0, 2, 5, 1 at K = 3: per-user hits 1, 1, 0, 1 and gains 1, 1/2, 0, 1/log2(3). */
  @Test
  void standardErrorsAreTheSampleDeviationOverRootN() {
    RankingMetrics m = new RankingMetrics(1, 3);
    m.addAll(new long[] {0, 2, 5, 1});

    // hits 1,1,0,1: mean 3/4, sample variance (3 * 1/16 + 9/16) / 3 = 1/4, s.e. sqrt(1/4 / 4)
    assertThat(m.recallStandardError(3)).isCloseTo(0.25, within(1e-12));
    double[] gains = {1.0, 0.5, 0.0, Math.log(2) / Math.log(3)};
    double mean = (gains[0] + gains[1] + gains[2] + gains[3]) / 4;
    double squares = 0;
    for (double g : gains) {
      squares += (g - mean) * (g - mean);
    }
    assertThat(m.ndcgStandardError(3)).isCloseTo(Math.sqrt(squares / 3 / 4), within(1e-12));
    assertThat(m.standardErrors()).containsOnlyKeys(m.asMap().keySet());
    assertThat(m.standardErrors().get("recall@1")).isCloseTo(0.25, within(1e-12)); // 1,0,0,0

    RankingMetrics one = new RankingMetrics(10);
    one.add(0);
    assertThat(one.recallStandardError(10)).as("one user: no spread to estimate").isZero();
  }
}
