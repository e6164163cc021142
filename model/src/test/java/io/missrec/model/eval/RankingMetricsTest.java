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
}
