package io.missrec.workflows.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.workflows.fakes.PayloadJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
  private static final ArtifactRef STORED =
      new ArtifactRef(
          "s3://b/evaluation_report/" + "ab".repeat(32),
          "ab".repeat(32),
          1,
          ArtifactKind.EVALUATION_REPORT);

  /** Results recorded in histories and lineage before standard errors existed still decode. */
  @Test
  void aReportRecordedWithoutStandardErrorsDecodesWithNone() {
    EvaluationReport report =
        new EvaluationReport(STORED, "d", "test", Map.of("NDCG@10", 0.25), Map.of("NDCG@10", 0.01));
    String json = PayloadJson.encode(report);
    String old = json.replace(",\"standardErrors\":{\"NDCG@10\":0.01}", "");
    assertThat(old).isNotEqualTo(json).doesNotContain("standardErrors");

    EvaluationReport decoded = PayloadJson.decode(old, EvaluationReport.class);

    assertThat(decoded.metrics()).isEqualTo(report.metrics());
    assertThat(decoded.standardErrors()).isEmpty();
    assertThat(PayloadJson.decode(json, EvaluationReport.class)).isEqualTo(report);
  }
}
