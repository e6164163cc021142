package io.missrec.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.lineage.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.tracking.MlflowClientException;

class MetricsSinkTest {
  private static TestDatabase db;
  private static LineageStore store;
  private FakeMlflowServer mlflow;

  @BeforeAll
  static void migrate() throws SQLException {
    db = TestDatabase.migrated();
    store = new JdbcLineageStore(db.dataSource());
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void startMlflow() throws Exception {
    mlflow = new FakeMlflowServer();
  }

  @AfterEach
  void stopMlflow() {
    mlflow.close();
  }

  @Test
  void withoutTrackingUriOnlyLineageRecords() {
    MetricsSink sink = MetricsSinks.fromEnv(store, Map.of());
    RunRecord run = startRun("evaluate");

    TrackedRun tracked = sink.open(run);
    tracked.logParams(Map.of("k", "10"));
    tracked.logMetrics(List.of(new MetricPoint("ndcg@10", 0.031, 0)));
    tracked.finish(RunStatus.SUCCEEDED);

    assertThat(sink).isInstanceOf(LineageMetricsSink.class);
    assertThat(store.params(run.id())).containsEntry("k", "10");
    assertThat(store.metrics(run.id())).containsExactly(new MetricPoint("ndcg@10", 0.031, 0));
    assertThat(mlflow.requests("runs/create")).isEmpty();
  }

  @Test
  void withTrackingUriBothLineageAndMlflowRecord() {
    MetricsSink sink =
        MetricsSinks.fromEnv(
            store,
            Map.of(
                MetricsSinks.TRACKING_URI_ENV,
                mlflow.uri(),
                MetricsSinks.EXPERIMENT_ENV,
                "missrec-test"));
    RunRecord run = startRun("pretrain");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("lr", "0.001");
    params.put("epochs", "2");

    TrackedRun tracked = sink.open(run);
    tracked.logParams(params);
    tracked.logMetrics(List.of(new MetricPoint("loss", 3.25, 0), new MetricPoint("loss", 2.5, 1)));
    tracked.setTags(Map.of("missrec.artifact.checkpoint", "s3://missrec/checkpoint/abc"));
    tracked.finish(RunStatus.SUCCEEDED);

    // Lineage always records.
    assertThat(store.params(run.id())).isEqualTo(params);
    assertThat(store.metrics(run.id())).hasSize(2);

    // MLflow: experiment created by name, one run tagged with the workflow.
    assertThat(mlflow.requests("experiments/search").get(0).body().get("filter").asText())
        .isEqualTo("name = 'missrec-test'");
    assertThat(mlflow.requests("experiments/create").get(0).body().get("name").asText())
        .isEqualTo("missrec-test");
    JsonNode create = mlflow.requests("runs/create").get(0).body();
    assertThat(tags(create.get("tags")))
        .containsEntry(MlflowMetricsSink.RUN_KEY_TAG, run.idempotencyKey())
        .containsEntry("missrec.workflow_id", run.workflowId())
        .containsEntry("missrec.lineage_run_id", Long.toString(run.id()))
        .containsEntry("mlflow.source.git.commit", "c0ffee");
    assertThat(create.get("run_name").asText()).isEqualTo("pretrain " + run.workflowId());

    List<FakeMlflowServer.Request> batches = mlflow.requests("runs/log-batch");
    assertThat(batches).hasSize(3);
    assertThat(batches)
        .allSatisfy(b -> assertThat(b.body().get("run_id").asText()).isEqualTo("run1"));
    JsonNode paramBatch = batches.get(0).body().get("params");
    assertThat(paramBatch.get(0).get("key").asText()).isEqualTo("lr");
    assertThat(paramBatch.get(0).get("value").asText()).isEqualTo("0.001");
    JsonNode metrics = batches.get(1).body().get("metrics");
    assertThat(metrics).hasSize(2);
    assertThat(metrics.get(0).get("key").asText()).isEqualTo("loss");
    assertThat(metrics.get(0).get("value").asDouble()).isEqualTo(3.25);
    assertThat(metrics.get(1).get("step").asLong()).isEqualTo(1);
    assertThat(metrics.get(1).get("timestamp").asLong()).isPositive();
    assertThat(tags(batches.get(2).body().get("tags")))
        .containsEntry("missrec.artifact.checkpoint", "s3://missrec/checkpoint/abc");

    JsonNode update = mlflow.requests("runs/update").get(0).body();
    assertThat(update.get("run_id").asText()).isEqualTo("run1");
    assertThat(update.get("status").asText()).isEqualTo("FINISHED");
    assertThat(update.get("end_time").asLong()).isPositive();
  }

  @Test
  void reopeningARetriedRunContinuesTheSameMlflowRun() {
    MlflowMetricsSink sink = new MlflowMetricsSink(mlflow.uri(), "retries");
    RunRecord run = startRun("fine-tune");

    sink.open(run).logMetrics(List.of(new MetricPoint("loss", 1.0, 0)));
    sink.open(run).finish(RunStatus.FAILED);

    assertThat(mlflow.requests("runs/create")).hasSize(1);
    assertThat(mlflow.requests("experiments/create")).hasSize(1);
    assertThat(mlflow.requests("runs/search")).hasSize(2);
    assertThat(mlflow.requests("runs/search").get(1).body().get("filter").asText())
        .isEqualTo("tags.`missrec.run_key` = '" + run.idempotencyKey() + "'");
    assertThat(mlflow.requests("runs/update").get(0).body().get("run_id").asText())
        .isEqualTo("run1");
    assertThat(mlflow.requests("runs/update").get(0).body().get("status").asText())
        .isEqualTo("FAILED");
  }

  @Test
  void metricNamesMlflowRejectsAreMappedToNamesItAccepts() {
    MlflowMetricsSink sink = new MlflowMetricsSink(mlflow.uri(), "names");
    RunRecord run = startRun("evaluate");

    TrackedRun tracked = sink.open(run);
    tracked.logParams(Map.of("topk", "10,50"));
    tracked.logMetrics(
        List.of(
            new MetricPoint("valid/NDCG@10", 0.09, 3), new MetricPoint("test/Recall@50", 0.33, 0)));
    tracked.finish(RunStatus.SUCCEEDED);

    // the fake answers 400 to what MLflow's validation rejects, so reaching here means accepted
    JsonNode metrics = mlflow.requests("runs/log-batch").get(1).body().get("metrics");
    assertThat(metrics.get(0).get("key").asText()).isEqualTo("valid/NDCG_at_10");
    assertThat(metrics.get(1).get("key").asText()).isEqualTo("test/Recall_at_50");
    assertThat(MlflowMetricsSink.mlflowKey("a b/c.d-e:f_g")).isEqualTo("a b/c.d-e:f_g");
    assertThat(MlflowMetricsSink.mlflowKey("loss(train)#2")).isEqualTo("loss_train__2");
  }

  @Test
  void aParamLoggedAgainWithAnotherValueFailsWithTheRunNamed() {
    MlflowMetricsSink sink = new MlflowMetricsSink(mlflow.uri(), "params");
    RunRecord run = startRun("fine-tune");
    TrackedRun tracked = sink.open(run);
    tracked.logParams(Map.of("lr", "0.001"));
    // a retried activity logs the same values again: accepted
    sink.open(run).logParams(Map.of("lr", "0.001"));

    assertThatThrownBy(() -> tracked.logParams(Map.of("lr", "0.01")))
        .isInstanceOf(MlflowClientException.class)
        .hasMessageContaining("MLflow run run1")
        .hasMessageContaining("lr");
  }

  private static RunRecord startRun(String activity) {
    return store.startRun(RunStart.of("wf-" + UUID.randomUUID(), "wf-run", activity, "c0ffee"));
  }

  private static Map<String, String> tags(JsonNode array) {
    Map<String, String> tags = new LinkedHashMap<>();
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    items.forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
    return tags;
  }
}
