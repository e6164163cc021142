package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * {@link LineageStore} on PostgreSQL (schema from the {@code migrations} module). Idempotency comes
 * from the named unique constraints plus {@code ON CONFLICT}; each method is one transaction.
 */
public final class JdbcLineageStore implements LineageStore {
  private static final String RUN_COLUMNS =
      "id, idempotency_key, workflow_id, workflow_run_id, activity, code_version, status,"
          + " attempt, started_at, finished_at";

  private final Transactions tx;
  private final RetrainLedger retrainLedger;
  private final JdbcModelVersions models;

  public JdbcLineageStore(DataSource dataSource) {
    this.tx = new Transactions(dataSource);
    this.retrainLedger = new JdbcRetrainLedger(dataSource);
    this.models = new JdbcModelVersions(tx);
  }

  @Override
  public RetrainLedger retrainLedger() {
    return retrainLedger;
  }

  @Override
  public void recordDataset(Dataset dataset) {
    tx.run("record dataset " + dataset.name(), c -> insertDataset(c, dataset));
  }

  private static void insertDataset(Connection c, Dataset dataset) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO dataset (digest, name, format, uri) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT dataset_pk DO NOTHING",
        dataset.digest(),
        dataset.name(),
        dataset.format(),
        dataset.uri());
  }

  @Override
  public void recordArtifact(ArtifactRef artifact) {
    tx.run("record artifact " + artifact.uri(), c -> insertArtifact(c, artifact));
  }

  private static void insertArtifact(Connection c, ArtifactRef artifact) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO artifact (uri, sha256, size_bytes, kind, media_type)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT ON CONSTRAINT artifact_pk DO NOTHING",
        artifact.uri(),
        artifact.sha256(),
        artifact.sizeBytes(),
        artifact.kind().id(),
        artifact.mediaType());
    ArtifactRef stored = findArtifact(c, artifact.uri()).orElseThrow();
    if (!stored.sha256().equals(artifact.sha256()) || stored.sizeBytes() != artifact.sizeBytes()) {
      throw new LineageConflictException(
          "artifact "
              + artifact.uri()
              + " already recorded with sha256 "
              + stored.sha256()
              + " and "
              + stored.sizeBytes()
              + " bytes; refusing sha256 "
              + artifact.sha256()
              + " and "
              + artifact.sizeBytes()
              + " bytes");
    }
  }

  @Override
  public RunRecord startRun(RunStart start) {
    return tx.inTransaction("start run " + start.idempotencyKey(), c -> upsertRun(c, start));
  }

  private static RunRecord upsertRun(Connection c, RunStart start) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO run (idempotency_key, workflow_id, workflow_run_id, activity,"
            + " code_version) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT run_idempotency_key_uq DO UPDATE"
            + " SET status = 'running', finished_at = NULL,"
            + " attempt = run.attempt + 1, workflow_run_id = EXCLUDED.workflow_run_id,"
            + " code_version = EXCLUDED.code_version"
            + " WHERE run.status = 'failed'",
        start.idempotencyKey(),
        start.workflowId(),
        start.workflowRunId(),
        start.activity(),
        start.codeVersion());
    return findRun(c, "idempotency_key = ?", start.idempotencyKey()).orElseThrow();
  }

  @Override
  public RunRecord completeRun(RunStart start, RunOutputs outputs) {
    return tx.inTransaction(
        "complete run " + start.idempotencyKey(),
        c -> {
          RunRecord run = upsertRun(c, start);
          for (Dataset dataset : outputs.datasets()) {
            insertDataset(c, dataset);
          }
          for (ArtifactRef artifact : outputs.artifacts()) {
            insertArtifact(c, artifact);
          }
          insertParams(c, run.id(), outputs.params());
          insertMetrics(c, run.id(), outputs.metrics());
          insertEdges(c, outputs.edges().stream().map(e -> e.forRun(run.id())).toList());
          if (run.status() == RunStatus.SUCCEEDED) {
            return run;
          }
          Sql.update(
              c, "UPDATE run SET status = 'succeeded', finished_at = now() WHERE id = ?", run.id());
          return findRun(c, "id = ?", run.id()).orElseThrow();
        });
  }

  @Override
  public RunRecord finishRun(long runId, RunStatus status) {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("finishRun needs a terminal status, got " + status);
    }
    return tx.inTransaction(
        "finish run " + runId,
        c -> {
          RunRecord run = lockedRun(c, runId);
          if (run.status() == status) {
            return run;
          }
          if (run.status().isTerminal()) {
            throw new LineageConflictException(
                "run " + runId + " already finished " + run.status() + "; cannot mark " + status);
          }
          Sql.update(
              c,
              "UPDATE run SET status = ?, finished_at = now() WHERE id = ?",
              status.dbValue(),
              runId);
          return findRun(c, "id = ?", runId).orElseThrow();
        });
  }

  @Override
  public RunRecord failRun(long runId, RunFailure.Source source, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a run failure needs a reason");
    }
    return tx.inTransaction(
        "mark run " + runId + " failed",
        c -> {
          RunRecord run = lockedRun(c, runId);
          if (run.status() != RunStatus.RUNNING) {
            return run;
          }
          Sql.update(
              c, "UPDATE run SET status = 'failed', finished_at = now() WHERE id = ?", runId);
          Sql.update(
              c,
              "INSERT INTO run_failure (run_id, attempt, source, reason) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT ON CONSTRAINT run_failure_pk DO NOTHING",
              runId,
              run.attempt(),
              source.dbValue(),
              reason);
          return findRun(c, "id = ?", runId).orElseThrow();
        });
  }

  @Override
  public List<RunRecord> runningRuns() {
    return runsWhere("list running runs", "status = 'running' ORDER BY started_at, id");
  }

  @Override
  public List<RunFailure> failures(long runId) {
    return tx.inTransaction(
        "read failures of run " + runId,
        c ->
            Sql.list(
                c,
                "SELECT run_id, attempt, source, reason, recorded_at FROM run_failure"
                    + " WHERE run_id = ? ORDER BY attempt",
                rs ->
                    new RunFailure(
                        rs.getLong(1),
                        rs.getInt(2),
                        RunFailure.Source.fromDb(rs.getString(3)),
                        rs.getString(4),
                        JdbcValues.instant(rs.getTimestamp(5))),
                runId));
  }

  @Override
  public void recordParams(long runId, Map<String, String> params) {
    if (params.isEmpty()) {
      return;
    }
    tx.run(
        "record " + params.size() + " params of run " + runId, c -> insertParams(c, runId, params));
  }

  private static void insertParams(Connection c, long runId, Map<String, String> params)
      throws SQLException {
    if (params.isEmpty()) {
      return;
    }
    Sql.batch(
        c,
        "INSERT INTO param (run_id, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT param_pk DO NOTHING",
        params.entrySet(),
        (st, param) -> {
          st.setLong(1, runId);
          st.setString(2, param.getKey());
          st.setString(3, param.getValue());
        });
    // Rows that already existed were skipped: compare them, abort the whole batch on a
    // different value.
    Map<String, String> stored = params(c, runId);
    for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
      String existing = stored.get(param.getKey());
      if (!param.getValue().equals(existing)) {
        throw new LineageConflictException(
            "param '"
                + param.getKey()
                + "' of run "
                + runId
                + " is write-once: it holds '"
                + existing
                + "', refusing '"
                + param.getValue()
                + "'");
      }
    }
  }

  @Override
  public void recordMetrics(long runId, List<MetricPoint> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    tx.run(
        "record " + metrics.size() + " metrics of run " + runId,
        c -> insertMetrics(c, runId, metrics));
  }

  private static void insertMetrics(Connection c, long runId, List<MetricPoint> metrics)
      throws SQLException {
    Sql.batch(
        c,
        "INSERT INTO metric (run_id, key, value, step) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT metric_pk DO NOTHING",
        metrics,
        (st, point) -> {
          st.setLong(1, runId);
          st.setString(2, point.key());
          st.setDouble(3, point.value());
          st.setLong(4, point.step());
        });
  }

  @Override
  public void recordEdges(List<LineageEdge> edges) {
    if (edges.isEmpty()) {
      return;
    }
    tx.run("record " + edges.size() + " lineage edges", c -> insertEdges(c, edges));
  }

  private static void insertEdges(Connection c, List<LineageEdge> edges) throws SQLException {
    Sql.batch(
        c,
        "INSERT INTO lineage_edge (input_dataset_digest, input_artifact_uri,"
            + " output_artifact_uri, run_id, role) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT lineage_edge_uq DO NOTHING",
        edges,
        (st, edge) -> {
          st.setString(1, edge.inputDatasetDigest());
          st.setString(2, edge.inputArtifactUri());
          st.setString(3, edge.outputArtifactUri());
          st.setLong(4, edge.runId());
          st.setString(5, edge.role());
        });
  }

  @Override
  public ModelVersion registerModelVersion(
      String name, String checkpointUri, long runId, Map<String, Double> metrics) {
    return models.register(name, checkpointUri, runId, metrics);
  }

  @Override
  public ModelVersion transitionStage(
      String name, long version, ModelStage stage, StageGuard guard) {
    return models.transitionStage(name, version, stage, guard);
  }

  @Override
  public List<StageEvent> stageEvents(String name) {
    return models.stageEvents(name);
  }

  @Override
  public List<ModelVersion> listModelVersions(String name) {
    return models.list(name);
  }

  @Override
  public Optional<ModelVersion> findModelVersion(String name, long version) {
    return models.find(name, version);
  }

  @Override
  public Optional<ModelVersion> latestModelVersion(String name) {
    return models.latest(name);
  }

  @Override
  public Optional<RunRecord> findRun(long runId) {
    return tx.inTransaction("find run " + runId, c -> findRun(c, "id = ?", runId));
  }

  @Override
  public Optional<RunRecord> findRunByKey(String idempotencyKey) {
    return tx.inTransaction(
        "find run " + idempotencyKey, c -> findRun(c, "idempotency_key = ?", idempotencyKey));
  }

  @Override
  public List<RunRecord> runsOfWorkflow(String workflowId) {
    return runsWhere(
        "find runs of workflow " + workflowId, "workflow_id = ? ORDER BY id", workflowId);
  }

  private List<RunRecord> runsWhere(String operation, String where, Object... args) {
    return tx.inTransaction(
        operation,
        c ->
            Sql.list(
                c,
                "SELECT " + RUN_COLUMNS + " FROM run WHERE " + where,
                JdbcLineageStore::runOf,
                args));
  }

  @Override
  public Optional<ArtifactRef> findArtifact(String uri) {
    return tx.inTransaction("find artifact " + uri, c -> findArtifact(c, uri));
  }

  @Override
  public Map<String, String> params(long runId) {
    return tx.inTransaction("read params of run " + runId, c -> params(c, runId));
  }

  @Override
  public List<MetricPoint> metrics(long runId) {
    return tx.inTransaction(
        "read metrics of run " + runId,
        c ->
            Sql.list(
                c,
                "SELECT key, value, step FROM metric WHERE run_id = ? ORDER BY key, step",
                rs -> new MetricPoint(rs.getString(1), rs.getDouble(2), rs.getLong(3)),
                runId));
  }

  @Override
  public List<LineageEdge> edgesInto(String artifactUri) {
    return edges("read edges into " + artifactUri, "output_artifact_uri", artifactUri);
  }

  @Override
  public List<LineageEdge> edgesFrom(String artifactUri) {
    return edges("read edges from " + artifactUri, "input_artifact_uri", artifactUri);
  }

  private List<LineageEdge> edges(String operation, String column, String artifactUri) {
    return tx.inTransaction(
        operation,
        c ->
            Sql.list(
                c,
                "SELECT input_dataset_digest, input_artifact_uri, output_artifact_uri, run_id,"
                    + " role FROM lineage_edge WHERE "
                    + column
                    + " = ? ORDER BY id",
                rs ->
                    new LineageEdge(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5)),
                artifactUri));
  }

  @Override
  public Optional<Dataset> findDataset(String digest) {
    return tx.inTransaction(
        "find dataset " + digest,
        c ->
            Sql.first(
                c,
                "SELECT digest, name, format, uri FROM dataset WHERE digest = ?",
                rs ->
                    new Dataset(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                digest));
  }

  /** The run under its row lock, for a status change. */
  private static RunRecord lockedRun(Connection c, long runId) throws SQLException {
    return findRun(c, "id = ? FOR UPDATE", runId)
        .orElseThrow(() -> new LineageStoreException("no run with id " + runId));
  }

  private static Optional<RunRecord> findRun(Connection c, String where, Object key)
      throws SQLException {
    return Sql.first(
        c, "SELECT " + RUN_COLUMNS + " FROM run WHERE " + where, JdbcLineageStore::runOf, key);
  }

  private static RunRecord runOf(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        RunStatus.fromDb(rs.getString(7)),
        rs.getInt(8),
        JdbcValues.instant(rs.getTimestamp(9)),
        JdbcValues.instant(rs.getTimestamp(10)));
  }

  private static Optional<ArtifactRef> findArtifact(Connection c, String uri) throws SQLException {
    return Sql.first(
        c,
        "SELECT sha256, size_bytes, media_type FROM artifact WHERE uri = ?",
        rs -> JdbcValues.artifact(uri, rs.getString(1), rs.getLong(2), rs.getString(3)),
        uri);
  }

  private static Map<String, String> params(Connection c, long runId) throws SQLException {
    Map<String, String> params = new TreeMap<>();
    for (Map.Entry<String, String> row :
        Sql.list(
            c,
            "SELECT key, value FROM param WHERE run_id = ? ORDER BY key",
            rs -> Map.entry(rs.getString(1), rs.getString(2)),
            runId)) {
      params.put(row.getKey(), row.getValue());
    }
    return params;
  }
}
