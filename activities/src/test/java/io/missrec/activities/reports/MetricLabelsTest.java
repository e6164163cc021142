package io.missrec.activities.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MetricLabelsTest {

  @Test
  void modelKeysShowAsRecallAndNdcg() {
    assertThat(MetricLabels.display("recall@10")).isEqualTo("Recall@10");
    assertThat(MetricLabels.display("ndcg@5")).isEqualTo("NDCG@5");
    assertThat(MetricLabels.display("loss")).isEqualTo("loss");
  }

  @Test
  void orderIsByNameThenByCutoffAsANumber() {
    List<String> sorted =
        Stream.of(
                "Recall@5",
                "b/NDCG@10",
                "NDCG@50",
                "NDCG@100",
                "NDCG@5",
                "a/NDCG@20",
                "NDCG@x",
                "NDCG@10",
                "loss")
            .sorted(MetricLabels.ORDER)
            .toList();

    assertThat(sorted)
        .containsExactly(
            "NDCG@5",
            "NDCG@10",
            "NDCG@50",
            "NDCG@100",
            "NDCG@x",
            "Recall@5",
            "a/NDCG@20",
            "b/NDCG@10",
            "loss");
  }

  @Test
  void standardErrorKeysPutSeBeforeTheMetricNameAndReadBack() {
    assertThat(MetricLabels.standardErrorKey("synth-c/test/NDCG@10"))
        .isEqualTo("synth-c/test/se/NDCG@10");
    assertThat(MetricLabels.standardErrorKey("NDCG@10")).isEqualTo("se/NDCG@10");
    assertThat(MetricLabels.metricOfStandardError("synth-c/test/se/NDCG@10"))
        .isEqualTo("synth-c/test/NDCG@10");
    assertThat(MetricLabels.metricOfStandardError("se/NDCG@10")).isEqualTo("NDCG@10");
    assertThat(MetricLabels.metricOfStandardError("synth-c/test/NDCG@10")).isNull();
    assertThat(MetricLabels.metricOfStandardError("x/case/NDCG@10")).isNull();
  }
}
