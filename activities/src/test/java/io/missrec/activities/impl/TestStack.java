package io.missrec.activities.impl;

import io.missrec.activities.artifact.EmbeddedS3Server;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.JdbcArtifactRetention;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.TestDatabase;
import io.missrec.activities.metrics.LineageMetricsSink;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.WorkerSettings;
import io.missrec.workflows.Workers;
import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real lineage database (fresh PostgreSQL database), a real S3 endpoint (S3Proxy) and the
 * activity context over them, plus the tiny synthetic requests the tests run.
 */
final class TestStack implements AutoCloseable {
  private static final Set<String> QUEUES = Set.of(TaskQueues.CPU, TaskQueues.GPU);

  final TestDatabase db;
  final EmbeddedS3Server s3;
  final JdbcLineageStore lineage;
  final ActivityContext ctx;

  TestStack(Path dir) throws Exception {
    db = TestDatabase.migrated();
    s3 = EmbeddedS3Server.start(dir.resolve("s3"), 0, "test-access", "test-secret-key");
    lineage = new JdbcLineageStore(db.dataSource());
    ctx =
        new ActivityContext(
            S3ArtifactStore.connect(s3.config("missrec")),
            lineage,
            new JdbcArtifactRetention(db.dataSource()),
            new LineageMetricsSink(lineage),
            Files.createDirectories(dir.resolve("work")),
            CodeVersion.current());
  }

  Object[] activities() {
    return ActivityImplementations.forQueues(ctx, QUEUES).values().stream()
        .flatMap(List::stream)
        .toArray();
  }

  /**
   * Temporal's in-memory test server with the platform's workers on the cpu and gpu queues serving
   * this stack's activities. Not started, so that a test can add workers of its own first.
   */
  TestWorkflowEnvironment workflowEnvironment() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Workers.register(env.getWorkerFactory(), QUEUES, WorkerSettings.forTestServer(), activities());
    return env;
  }

  /** A small synthetic domain (60 items, 120 users) so that training takes seconds. */
  static DatasetRef synthetic(String name) {
    return new DatasetRef(
        "synthetic://" + name + "?seed=42&items=60&users=120", null, name, "synthetic");
  }

  static final FeatureSpec FEATURES =
      new FeatureSpec(Map.of("text", "precomputed:feat1CLS", "image", "precomputed:feat3CLS"));

  static final AugmentationConfig AUGMENTATION = AugmentationConfig.defaults(7);

  /** A narrow model (d = 32) and small batches. */
  static TrainingConfig training(TrainingMode mode, int epochs, Checkpoint initial) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("hidden", "32");
    overrides.put("heads", "2");
    overrides.put("ffn", "64");
    overrides.put("dropout", "0.1");
    overrides.put("eval_batch_size", "64");
    return new TrainingConfig(mode, epochs, 7L, 64, 1e-3, 5, initial, overrides);
  }

  long count(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of every row, as strings. */
  List<String> strings(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Rows of every lineage table, as one comparable string. */
  String rowCounts() throws Exception {
    StringBuilder out = new StringBuilder();
    for (String table :
        new String[] {
          "dataset", "artifact", "run", "param", "metric", "lineage_edge", "model_version"
        }) {
      out.append(table).append('=').append(count("SELECT count(*) FROM " + table)).append(' ');
    }
    return out.toString().trim();
  }

  @Override
  public void close() throws Exception {
    s3.close();
    db.close();
  }
}
