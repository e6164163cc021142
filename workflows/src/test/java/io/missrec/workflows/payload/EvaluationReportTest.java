package io.missrec.workflows.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
  private static final DataConverter JSON = DefaultDataConverter.STANDARD_INSTANCE;

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
    String json =
        new String(
            JSON.toPayload(report).orElseThrow().getData().toByteArray(), StandardCharsets.UTF_8);
    String old = json.replace(",\"standardErrors\":{\"NDCG@10\":0.01}", "");
    assertThat(old).isNotEqualTo(json).doesNotContain("standardErrors");

    EvaluationReport decoded = decode(old);

    assertThat(decoded.metrics()).isEqualTo(report.metrics());
    assertThat(decoded.standardErrors()).isEmpty();
    assertThat(decode(json)).isEqualTo(report);
  }

  private static EvaluationReport decode(String json) {
    return JSON.fromPayload(
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(json))
            .build(),
        EvaluationReport.class,
        EvaluationReport.class);
  }
}
