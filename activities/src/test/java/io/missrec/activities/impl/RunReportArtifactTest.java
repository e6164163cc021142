package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactUri;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.metrics.CompositeMetricsSink;
import io.missrec.activities.metrics.FakeMlflowServer;
import io.missrec.activities.metrics.LineageMetricsSink;
import io.missrec.activities.metrics.MlflowMetricsSink;
import io.missrec.activities.reports.LineageReports;
import io.missrec.activities.reports.ReportRenderer;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.EvaluationActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.EvaluationRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training and evaluation store an HTML run report in S3, link it in lineage as the run's output,
 * and the report re-built from lineage alone is byte for byte the stored one.
 */
class RunReportArtifactTest {
  @TempDir static Path dir;
  private static TestStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = new TestStack(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void trainingAndEvaluationStoreAndLinkTheirReports() throws Exception {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (FakeMlflowServer mlflow = new FakeMlflowServer()) {
      // lineage and MLflow, as a worker with MLFLOW_TRACKING_URI set has them
      ActivityContext ctx =
          new ActivityContext(
              stack.ctx.artifacts(),
              stack.lineage,
              stack.ctx.retention(),
              new CompositeMetricsSink(
                  List.of(
                      new LineageMetricsSink(stack.lineage),
                      new MlflowMetricsSink(mlflow.uri(), "reports"))),
              stack.ctx.workDir(),
              stack.ctx.codeVersion());
      env.registerActivitiesImplementations(
          ActivityImplementations.forQueues(
                  ctx,
                  java.util.Set.of(
                      io.missrec.workflows.TaskQueues.CPU, io.missrec.workflows.TaskQueues.GPU))
              .values()
              .stream()
              .flatMap(List::stream)
              .toArray());
      ActivityOptions options =
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofMinutes(5))
              .build();
      DatasetRef snapshot =
          env.newActivityStub(DatasetActivities.class, options)
              .ingest(TestStack.synthetic("synth-c"));
      FeatureSet features =
          env.newActivityStub(FeatureActivities.class, options)
              .extract(new FeatureRequest(snapshot, TestStack.FEATURES));
      TrainingDomain domain = new TrainingDomain(snapshot, features, null);
      Checkpoint best =
          env.newActivityStub(TrainingActivities.class, options)
              .fineTune(
                  new FineTuneInput(domain, TestStack.training(TrainingMode.INDUCTIVE, 2, null)));
      EvaluationReport evaluation =
          env.newActivityStub(EvaluationActivities.class, options)
              .evaluate(new EvaluationRequest(best, domain, EvaluationRequest.TEST, List.of(20)));

      // training: the report is an output of the training run, made from its best checkpoint
      LineageEdge trainingEdge = reportEdgeFrom(best.artifact().uri(), "fine-tune:synth-c");
      RunRecord training = stack.lineage.findRun(trainingEdge.runId()).orElseThrow();
      assertThat(training.activity()).isEqualTo("fine-tune:synth-c");
      String html = stored(trainingEdge.outputArtifactUri());
      List<MetricPoint> losses =
          stack.lineage.metrics(training.id()).stream()
              .filter(p -> p.key().equals("train/loss"))
              .toList();
      assertThat(losses).hasSize(2);
      for (MetricPoint loss : losses) {
        assertThat(html).contains(String.format(Locale.ROOT, "%.4f", loss.value()));
      }
      assertThat(html).contains("valid, best epoch " + best.epoch()).contains("loss.png");
      assertThat(html.getBytes(StandardCharsets.UTF_8))
          .as("report re-built from lineage equals the stored one")
          .isEqualTo(
              ReportRenderer.render(LineageReports.forRun(stack.lineage, training.id())).html());

      // evaluation: linked from the evaluation JSON, shows the test metrics and the curves
      LineageEdge evaluationEdge =
          reportEdgeFrom(evaluation.report().uri(), "evaluate:synth-c:test");
      RunRecord evaluationRun = stack.lineage.findRun(evaluationEdge.runId()).orElseThrow();
      assertThat(evaluationRun.activity()).isEqualTo("evaluate:synth-c:test");
      // the requested cutoff besides the protocol's, recorded so an auditor sees what was asked
      assertThat(evaluation.metrics()).containsKeys("Recall@20", "NDCG@20", "NDCG@10", "NDCG@50");
      // each with its standard error over the test users; a hit's is sqrt(p (1 - p) / (n - 1))
      assertThat(evaluation.standardErrors()).containsOnlyKeys(evaluation.metrics().keySet());
      double p = evaluation.metrics().get("Recall@20");
      int users = 120; // TestStack's synthetic domains: one test example per user
      assertThat(evaluation.standardErrors().get("Recall@20"))
          .isCloseTo(
              Math.sqrt(p * (1 - p) / (users - 1)), org.assertj.core.api.Assertions.within(1e-9));
      assertThat(stack.lineage.params(evaluationRun.id())).containsEntry("cutoffs", "10,20,50");
      // lineage keeps each metric and, as one block after them, its standard error
      List<MetricPoint> recorded = stack.lineage.metrics(evaluationRun.id());
      assertThat(recorded)
          .contains(
              new MetricPoint("test/Recall@20", p, 0),
              new MetricPoint(
                  "test/se/Recall@20", evaluation.standardErrors().get("Recall@20"), 0));
      assertThat(recorded).hasSize(2 * evaluation.metrics().size());
      assertThat(
              mlflow.requests("runs/log-batch").stream()
                  .flatMap(
                      r ->
                          java.util.stream.StreamSupport.stream(
                              r.body().path("metrics").spliterator(), false))
                  .map(m -> m.path("key").asText()))
          .contains(
              "test/Recall_at_20", "test/NDCG_at_10", "valid/NDCG_at_10", "test/se/NDCG_at_10");
      String evaluationHtml = stored(evaluationEdge.outputArtifactUri());
      assertThat(evaluationHtml)
          .contains(
              String.format(Locale.ROOT, "%.4f", evaluation.metrics().get("NDCG@10")),
              "valid-ndcg10.png",
              String.format(Locale.ROOT, "%.4f", losses.get(0).value()),
              "test, standard error",
              String.format(Locale.ROOT, "%.4f", evaluation.standardErrors().get("NDCG@10")));
      assertThat(evaluationHtml.getBytes(StandardCharsets.UTF_8))
          .isEqualTo(
              ReportRenderer.render(LineageReports.forRun(stack.lineage, evaluationRun.id()))
                  .html());
      // each MLflow run is tagged with its report's URI
      List<String> taggedReports =
          mlflow.requests("runs/log-batch").stream()
              .flatMap(
                  r ->
                      java.util.stream.StreamSupport.stream(
                          r.body().path("tags").spliterator(), false))
              .filter(t -> t.path("key").asText().equals("missrec.run_report"))
              .map(t -> t.path("value").asText())
              .toList();
      assertThat(taggedReports)
          .containsExactlyInAnyOrder(
              trainingEdge.outputArtifactUri(), evaluationEdge.outputArtifactUri());
      assertThat(stack.lineage.runsOfWorkflow(training.workflowId()))
          .extracting(RunRecord::id)
          .contains(training.id(), evaluationRun.id());
    } finally {
      env.close();
    }
  }

  /** The edge from {@code input} into the run report of the run of {@code activity}. */
  private static LineageEdge reportEdgeFrom(String input, String activity) throws Exception {
    try (var c = stack.db.dataSource().getConnection();
        var st =
            c.prepareStatement(
                "SELECT e.output_artifact_uri FROM lineage_edge e"
                    + " JOIN artifact a ON a.uri = e.output_artifact_uri"
                    + " JOIN run r ON r.id = e.run_id"
                    + " WHERE a.kind = 'run_report' AND e.input_artifact_uri = ?"
                    + " AND r.activity = ?")) {
      st.setString(1, input);
      st.setString(2, activity);
      List<String> uris = new java.util.ArrayList<>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          uris.add(rs.getString(1));
        }
      }
      assertThat(uris).as("run reports of " + activity + " made from " + input).hasSize(1);
      return stack.lineage.edgesInto(uris.get(0)).stream()
          .filter(e -> input.equals(e.inputArtifactUri()))
          .findFirst()
          .orElseThrow();
    }
  }

  private static String stored(String uri) throws Exception {
    assertThat(ArtifactUri.parse(uri).kind()).isEqualTo(ArtifactKind.RUN_REPORT);
    assertThat(stack.lineage.findArtifact(uri).orElseThrow().mediaType()).startsWith("text/html");
    try (InputStream in = stack.ctx.artifacts().open(uri)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
