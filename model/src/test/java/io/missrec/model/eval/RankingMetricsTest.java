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
}
