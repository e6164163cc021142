package io.missrec.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.EvaluationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTableTest {

  private static EvaluationReport report(String dataset, Map<String, Double> metrics) {
    return report(dataset, metrics, Map.of());
  }

  private static EvaluationReport report(
      String dataset, Map<String, Double> metrics, Map<String, Double> errors) {
    return new EvaluationReport(
        new ArtifactRef(
            "s3://b/evaluation_report/" + "ab".repeat(32),
            "ab".repeat(32),
            1,
            ArtifactKind.EVALUATION_REPORT),
        dataset,
        "test",
        metrics,
        errors);
  }

  @Test
  void columnsRunByCutoffAndAMissingMetricShowsADash() {
    List<String> lines =
        new MetricsTable()
            .add(
                "m",
                List.of(
                    report("a", Map.of("NDCG@10", 0.1, "NDCG@5", 0.05, "NDCG@50", 0.5)),
                    report("b", Map.of("NDCG@10", 0.2))))
            .render();

    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("model", "dataset", "split", "NDCG@5", "NDCG@10", "NDCG@50");
    assertThat(lines.get(2).split("\\s+"))
        .containsExactly("m", "a", "test", "0.0500", "0.1000", "0.5000");
    assertThat(lines.get(3).split("\\s+")).containsExactly("m", "b", "test", "-", "0.2000", "-");
  }

  @Test
  void standardErrorsStandUnderTheirRow() {
    List<String> lines =
        new MetricsTable()
            .add(
                "m",
                List.of(
                    report("a", Map.of("NDCG@10", 0.1), Map.of("NDCG@10", 0.012)),
                    report("b", Map.of("NDCG@10", 0.2))))
            .render();

    assertThat(lines).hasSize(5);
    assertThat(lines.get(2).split("\\s+")).containsExactly("m", "a", "test", "0.1000");
    assertThat(lines.get(3).trim().split("\\s+")).containsExactly("s.e.", "0.0120");
    assertThat(lines.get(3).indexOf("s.e.")).isEqualTo(lines.get(2).indexOf("test"));
    assertThat(lines.get(4).split("\\s+")).containsExactly("m", "b", "test", "0.2000");
  }
}
