package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.Migrator;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.app.stack.FreshDatabase;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.TrainingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code missrec report} on a training run recorded in a real lineage database. */
class ReportCommandTest {

  @Test
  void writesTheReportOfARunByWorkflowIdOrRunId(@TempDir Path dir) throws Exception {
    try (FreshDatabase db = FreshDatabase.create();
        HikariDataSource ds = db.config().toDataSource("report-test")) {
      Migrator.migrate(ds);
      JdbcLineageStore lineage = new JdbcLineageStore(ds);
      RunStart start =
          new RunStart(
              "wf-report/fine-tune:synth-c/0123456789abcdef",
              "wf-report",
              "run-1",
              "fine-tune:synth-c",
              "test-version");
      RunRecord run = lineage.startRun(start);
      lineage.recordParams(run.id(), Map.of("learning_rate", "0.001"));
      lineage.recordMetrics(
          run.id(),
          List.of(
              new MetricPoint("train/loss", 3.25, 1),
              new MetricPoint("train/loss", 2.75, 2),
              new MetricPoint("valid/NDCG@10", 0.1234, 1),
              new MetricPoint("valid/NDCG@10", 0.2345, 2)));
      String sha = "ab".repeat(32);
      Checkpoint best =
          new Checkpoint(
              new ArtifactRef("s3://missrec/checkpoint/" + sha, sha, 10, ArtifactKind.CHECKPOINT),
              2,
              TrainingMode.INDUCTIVE,
              Map.of("NDCG@10", 0.2345));
      lineage.completeRun(
          start,
          RunOutputs.builder()
              .params(Map.of("result", new ObjectMapper().writeValueAsString(best)))
              .build());
      lineage.startRun(new RunStart("wf-other/ingest/1", "wf-other", "r", "ingest", "v"));

      Path index = ReportCommand.write(lineage, "wf-report", dir.resolve("by-workflow"));
      assertThat(index).isEqualTo(dir.resolve("by-workflow/index.html"));
      assertThat(Files.readString(index))
          .contains("3.2500", "2.7500", "0.1234", "0.2345")
          .contains("valid, best epoch 2")
          .contains("learning_rate")
          .contains("s3://missrec/checkpoint/" + sha);
      assertThat(ImageIO.read(dir.resolve("by-workflow/loss.png").toFile()).getHeight())
          .isEqualTo(360);
      Path byId = ReportCommand.write(lineage, Long.toString(run.id()), dir.resolve("by-id"));
      assertThat(Files.readAllBytes(byId)).isEqualTo(Files.readAllBytes(index));

      assertThatThrownBy(() -> ReportCommand.write(lineage, "nope", dir))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no lineage run with id or workflow id 'nope'");
      assertThatThrownBy(() -> ReportCommand.write(lineage, "wf-other", dir))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no training or finished test evaluation run")
          .hasMessageContaining("ingest");
      assertThatThrownBy(() -> ReportCommand.write(lineage, "987654", dir))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no lineage run 987654");
    }
  }
}
