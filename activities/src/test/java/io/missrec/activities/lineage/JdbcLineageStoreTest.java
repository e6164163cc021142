package io.missrec.activities.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.Sha256;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcLineageStoreTest {
  private static TestDatabase db;
  private static LineageStore store;

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

  @Test
  void retriedStartReturnsTheSameRun() {
    RunStart start = RunStart.of(workflowId(), "wf-run-1", "pretrain", "abc123");
    RunRecord first = store.startRun(start);
    RunRecord again = store.startRun(start);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(again.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(first.idempotencyKey()).isEqualTo(start.workflowId() + "/pretrain");
  }

  @Test
  void failedRunIsReopenedSucceededRunIsNot() {
    RunStart start = RunStart.of(workflowId(), "wf-run-1", "evaluate", "abc123");
    RunRecord run = store.startRun(start);
    store.finishRun(run.id(), RunStatus.FAILED);

    RunRecord reopened = store.startRun(start);
    assertThat(reopened.id()).isEqualTo(run.id());
    assertThat(reopened.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(reopened.attempt()).isEqualTo(2);
    assertThat(reopened.finishedAt()).isNull();

    RunRecord done = store.finishRun(run.id(), RunStatus.SUCCEEDED);
    assertThat(done.finishedAt()).isNotNull();
    assertThat(store.finishRun(run.id(), RunStatus.SUCCEEDED)).isEqualTo(done);
    assertThat(store.startRun(start)).isEqualTo(done);
    assertThatThrownBy(() -> store.finishRun(run.id(), RunStatus.FAILED))
        .isInstanceOf(LineageConflictException.class)
        .hasMessageContaining("already finished SUCCEEDED");
  }

  @Test
  void eachFailedAttemptKeepsItsReasonAndACompletionIsNotOverwritten() {
    RunStart start = RunStart.of(workflowId(), "wf-run-1", "pretrain", "abc123");
    RunRecord run = store.startRun(start);
    assertThat(store.runningRuns()).extracting(RunRecord::id).contains(run.id());

    RunRecord failed = store.failRun(run.id(), RunFailure.Source.ACTIVITY, "OOM in epoch 3");
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.finishedAt()).isNotNull();
    assertThat(store.runningRuns()).extracting(RunRecord::id).doesNotContain(run.id());
    // a second report on the same failed attempt keeps the first reason
    assertThat(store.failRun(run.id(), RunFailure.Source.RECONCILE, "workflow gone"))
        .isEqualTo(failed);

    store.startRun(start); // the retry: attempt 2
    store.failRun(run.id(), RunFailure.Source.RECONCILE, "workflow TERMINATED");
    assertThat(store.failures(run.id()))
        .extracting(RunFailure::attempt, RunFailure::source, RunFailure::reason)
        .containsExactly(
            tuple(1, RunFailure.Source.ACTIVITY, "OOM in epoch 3"),
            tuple(2, RunFailure.Source.RECONCILE, "workflow TERMINATED"));

    RunRecord third = store.startRun(start);
    RunRecord done = store.completeRun(start, RunOutputs.builder().build());
    assertThat(third.attempt()).isEqualTo(3);
    // a late failure report loses to the completion, and records nothing
    assertThat(store.failRun(run.id(), RunFailure.Source.RECONCILE, "late")).isEqualTo(done);
    assertThat(store.failures(run.id())).hasSize(2);
    assertThatThrownBy(() -> store.failRun(run.id(), RunFailure.Source.ACTIVITY, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.failRun(Long.MAX_VALUE, RunFailure.Source.ACTIVITY, "x"))
        .isInstanceOf(LineageStoreException.class)
        .hasMessageContaining("no run with id");
  }

  @Test
  void paramsAreWriteOnce() {
    long runId = newRun("extract");
    store.recordParams(runId, Map.of("lr", "0.001", "batch_size", "256"));
    store.recordParams(runId, Map.of("lr", "0.001")); // same value: no-op

    assertThatThrownBy(() -> store.recordParams(runId, Map.of("lr", "0.01")))
        .isInstanceOf(LineageConflictException.class)
        .hasMessageContaining("'lr'")
        .hasMessageContaining("'0.001'")
        .hasMessageContaining("'0.01'");
    assertThat(store.params(runId)).isEqualTo(Map.of("batch_size", "256", "lr", "0.001"));
  }

  @Test
  void conflictingParamRollsBackTheWholeBatch() {
    long runId = newRun("augment");
    store.recordParams(runId, Map.of("seed", "7"));

    assertThatThrownBy(
            () -> store.recordParams(runId, Map.of("alpha", "0.1", "seed", "8", "zeta", "3")))
        .isInstanceOf(LineageConflictException.class);
    assertThat(store.params(runId)).containsExactlyEntriesOf(Map.of("seed", "7"));
  }

  @Test
  void metricsAreAppendOnlyAndIdempotentPerStep() {
    long runId = newRun("pretrain-metrics");
    List<MetricPoint> epoch0 =
        List.of(new MetricPoint("loss", 2.5, 0), new MetricPoint("ndcg@10", 0.01, 0));
    store.recordMetrics(runId, epoch0);
    store.recordMetrics(runId, epoch0); // retry of the same epoch
    store.recordMetrics(
        runId, List.of(new MetricPoint("loss", 2.0, 1), new MetricPoint("loss", 9.9, 0)));

    assertThat(store.metrics(runId))
        .containsExactly(
            new MetricPoint("loss", 2.5, 0),
            new MetricPoint("loss", 2.0, 1),
            new MetricPoint("ndcg@10", 0.01, 0));
  }

  @Test
  void failedMultiRowWriteLeavesNothing() {
    long runId = newRun("discover");
    ArtifactRef output = artifact(ArtifactKind.INTEREST_ASSIGNMENTS, "assignments");
    store.recordArtifact(output);
    ArtifactRef input = artifact(ArtifactKind.FEATURE_TABLE, "features");
    store.recordArtifact(input);
    String unknownInput = "s3://missrec/feature_table/" + Sha256.hex(new byte[] {1});

    assertThatThrownBy(
            () ->
                store.recordEdges(
                    List.of(
                        LineageEdge.fromArtifact(input.uri(), output.uri(), runId, "features"),
                        LineageEdge.fromArtifact(unknownInput, output.uri(), runId, "features"))))
        .isInstanceOf(LineageStoreException.class)
        .hasMessageContaining("lineage_edge_input_artifact_fk");
    assertThat(store.edgesInto(output.uri())).isEmpty();
  }

  @Test
  void edgesLinkDatasetsAndArtifactsIdempotently() throws SQLException {
    long runId = newRun("ingest");
    Dataset dataset = new Dataset(Sha256.hex(randomBytes()), "Scientific", "amazon-seq", "file:/d");
    store.recordDataset(dataset);
    store.recordDataset(dataset);
    ArtifactRef snapshot = artifact(ArtifactKind.DATASET_SNAPSHOT, "snapshot");
    store.recordArtifact(snapshot);
    store.recordArtifact(snapshot);
    ArtifactRef features = artifact(ArtifactKind.FEATURE_TABLE, "text-features");
    store.recordArtifact(features);

    List<LineageEdge> edges =
        List.of(
            LineageEdge.fromDataset(dataset.digest(), snapshot.uri(), runId, "source"),
            LineageEdge.fromArtifact(snapshot.uri(), features.uri(), runId, "snapshot"));
    store.recordEdges(edges);
    store.recordEdges(edges);

    assertThat(store.edgesInto(snapshot.uri())).containsExactly(edges.get(0));
    assertThat(store.edgesInto(features.uri())).containsExactly(edges.get(1));
    assertThat(store.findArtifact(features.uri())).contains(features);
    assertThat(store.findDataset(dataset.digest())).contains(dataset);
    assertThat(store.findDataset("0".repeat(64))).isEmpty();
    assertThat(
            queryString(
                "SELECT input_uri || ' ' || input_kind || ' ' || activity FROM artifact_provenance"
                    + " WHERE output_artifact_uri = '"
                    + snapshot.uri()
                    + "'"))
        .isEqualTo("file:/d dataset:amazon-seq ingest");
  }

  @Test
  void sameUriWithAnotherDigestIsRefused() {
    ArtifactRef stored = artifact(ArtifactKind.CHECKPOINT, "ckpt");
    store.recordArtifact(stored);
    // A forged ref: same key, other size. Content addressing makes this a bug or an attack.
    ArtifactRef forged =
        new ArtifactRef(stored.bucket(), stored.kind(), stored.sha256(), 1, stored.mediaType());

    assertThatThrownBy(() -> store.recordArtifact(forged))
        .isInstanceOf(LineageConflictException.class)
        .hasMessageContaining(stored.uri());
  }

  @Test
  void registersModelVersionsOncePerCheckpointAndPromotes() throws SQLException {
    long runId = newRun("fine-tune");
    store.recordParams(runId, Map.of("mode", "inductive"));
    ArtifactRef first = artifact(ArtifactKind.CHECKPOINT, "v1");
    ArtifactRef second = artifact(ArtifactKind.CHECKPOINT, "v2");
    store.recordArtifact(first);
    store.recordArtifact(second);
    String name = "missrec-" + UUID.randomUUID();

    ModelVersion v1 = store.registerModelVersion(name, first.uri(), runId, Map.of("ndcg@10", 0.05));
    ModelVersion v1Again = store.registerModelVersion(name, first.uri(), runId, Map.of());
    ModelVersion v2 =
        store.registerModelVersion(name, second.uri(), runId, Map.of("ndcg@10", 0.07));

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1Again).isEqualTo(v1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.latestModelVersion(name)).contains(v2);
    assertThat(store.latestModelVersion(name + "-unregistered")).isEmpty();
    assertThat(v1.metrics()).containsEntry("ndcg@10", 0.05);
    assertThat(v1.stage()).isEqualTo(ModelStage.NONE);

    store.transitionStage(name, 1, ModelStage.PRODUCTION);
    store.transitionStage(name, 2, ModelStage.PRODUCTION);
    assertThat(store.findModelVersion(name, 1).orElseThrow().stage())
        .isEqualTo(ModelStage.ARCHIVED);
    assertThat(store.findModelVersion(name, 2).orElseThrow().stage())
        .isEqualTo(ModelStage.PRODUCTION);
    assertThat(
            queryString(
                "SELECT params->>'mode' || ' ' || checkpoint_sha256 FROM model_version_provenance"
                    + " WHERE name = '"
                    + name
                    + "' AND version = 2"))
        .isEqualTo("inductive " + second.sha256());
  }

  @Test
  void paramAndMetricRowsCannotBeRewrittenBySql() {
    long runId = newRun("immutable");
    store.recordParams(runId, Map.of("k", "v"));
    store.recordMetrics(runId, List.of(new MetricPoint("loss", 1.0, 0)));

    assertThatThrownBy(() -> execute("UPDATE param SET value = 'w' WHERE run_id = " + runId))
        .hasMessageContaining("lineage rows are immutable");
    assertThatThrownBy(() -> execute("DELETE FROM metric WHERE run_id = " + runId))
        .hasMessageContaining("lineage rows are immutable");
  }

  @Test
  void unknownKindOrStatusIsRejectedByNamedChecks() {
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO artifact (uri, sha256, size_bytes, kind, media_type) VALUES"
                        + " ('s3://b/x/y', '"
                        + Sha256.hex(new byte[0])
                        + "', 0, 'bogus', 'x/y')"))
        .hasMessageContaining("artifact_kind_ck");
    long runId = newRun("status-check");
    assertThatThrownBy(
            () ->
                execute(
                    "UPDATE run SET status = 'paused', finished_at = now() WHERE id = " + runId))
        .hasMessageContaining("run_status_ck");
  }

  private static long newRun(String activity) {
    return store.startRun(RunStart.of(workflowId(), "wf-run", activity, "deadbeef")).id();
  }

  private static String workflowId() {
    return "wf-" + UUID.randomUUID();
  }

  private static ArtifactRef artifact(ArtifactKind kind, String label) {
    byte[] content = (label + UUID.randomUUID()).getBytes();
    return new ArtifactRef(
        "missrec", kind, Sha256.hex(content), content.length, "application/octet-stream");
  }

  private static byte[] randomBytes() {
    return UUID.randomUUID().toString().getBytes();
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String queryString(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as("a row for %s", sql).isTrue();
      return rs.getString(1);
    }
  }
}
