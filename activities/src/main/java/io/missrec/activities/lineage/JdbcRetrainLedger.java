package io.missrec.activities.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** {@link RetrainLedger} on PostgreSQL (table {@code retrain_decision}, migration V003). */
public final class JdbcRetrainLedger implements RetrainLedger {
  /** Registration params carrying a dataset's sha256: {@code tag.} + Provenance's prefix. */
  static final String DATASET_TAG = "tag.dataset.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "workflow_id, model_name, decision, status, reason, datasets_digest, previous_digest,"
          + " pipeline_workflow_id, model_version, failure, decided_at, finished_at";

  private final Transactions tx;

  public JdbcRetrainLedger(DataSource dataSource) {
    this.tx = new Transactions(dataSource);
  }

  @Override
  public LastTraining lastTraining(String modelName) {
    return tx.inTransaction(
        "read the last training of " + modelName,
        c -> {
          // the registration run names the checkpoint; the version is the registry's row for it
          Optional<Registration> last =
              Sql.first(
                  c,
                  "SELECT r.id, mv.version FROM run r"
                      + " JOIN param p ON p.run_id = r.id AND p.key = 'checkpoint'"
                      + " JOIN model_version mv ON mv.name = ? AND mv.checkpoint_uri = p.value"
                      + " WHERE r.activity = ? AND r.status = 'succeeded'"
                      + " ORDER BY r.finished_at DESC, r.id DESC LIMIT 1",
                  rs -> new Registration(rs.getLong(1), rs.getLong(2)),
                  modelName,
                  "register:" + modelName);
          if (last.isEmpty()) {
            return LastTraining.none(modelName);
          }
          return new LastTraining(
              modelName, (int) last.get().version(), datasetTags(c, last.get().runId()));
        });
  }

  /** The newest successful registration run of a model, and the version it registered. */
  private record Registration(long runId, long version) {}

  private static Map<String, String> datasetTags(Connection c, long runId) throws SQLException {
    Map<String, String> digests = new TreeMap<>();
    for (Map.Entry<String, String> tag :
        Sql.list(
            c,
            "SELECT key, value FROM param WHERE run_id = ? AND key LIKE ?",
            rs -> Map.entry(rs.getString(1).substring(DATASET_TAG.length()), rs.getString(2)),
            runId,
            DATASET_TAG.replace("_", "\\_") + "%")) {
      digests.put(tag.getKey(), tag.getValue());
    }
    return digests;
  }

  @Override
  public void recordDecision(RetrainRecord record) {
    boolean retrain = record.decision().choice() == RetrainChoice.RETRAIN;
    tx.run(
        "record the retrain decision of " + record.workflowId(),
        c ->
            Sql.update(
                c,
                "INSERT INTO retrain_decision (workflow_id, model_name, decision, status,"
                    + " reason, datasets_digest, previous_digest, dataset_digests,"
                    + " pipeline_workflow_id, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?,"
                    + " CASE WHEN ? THEN NULL ELSE now() END)"
                    + " ON CONFLICT ON CONSTRAINT retrain_decision_workflow_uq DO NOTHING",
                record.workflowId(),
                record.modelName(),
                retrain ? "retrain" : "skip",
                retrain ? "running" : "skipped",
                record.decision().reason(),
                record.decision().datasetsDigest(),
                record.decision().previousDigest(),
                json(record.decision().datasetDigests()),
                record.pipelineWorkflowId(),
                retrain));
  }

  @Override
  public void recordOutcome(RetrainOutcome outcome) {
    String status = outcome.succeeded() ? "succeeded" : "failed";
    tx.run(
        "record the retrain outcome of " + outcome.workflowId(),
        c -> {
          int updated =
              Sql.update(
                  c,
                  "UPDATE retrain_decision SET status = ?, model_version = ?, failure = ?,"
                      + " finished_at = now() WHERE workflow_id = ? AND status = 'running'",
                  status,
                  outcome.modelVersion() == null ? null : (long) outcome.modelVersion(),
                  outcome.failure(),
                  outcome.workflowId());
          if (updated == 1) {
            return;
          }
          String recorded =
              Sql.first(
                      c,
                      "SELECT status FROM retrain_decision WHERE workflow_id = ?",
                      rs -> rs.getString(1),
                      outcome.workflowId())
                  .orElseThrow(
                      () ->
                          new LineageConflictException(
                              "no retrain decision recorded for workflow " + outcome.workflowId()));
          if (!recorded.equals(status)) {
            throw new LineageConflictException(
                "retrain of workflow "
                    + outcome.workflowId()
                    + " is "
                    + recorded
                    + ", cannot become "
                    + status);
          }
        });
  }

  @Override
  public List<RetrainEntry> recent(String modelName, int limit) {
    return tx.inTransaction(
        "read retrain decisions of " + modelName,
        c ->
            Sql.list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM retrain_decision WHERE model_name = ?"
                    + " ORDER BY decided_at DESC, id DESC LIMIT ?",
                JdbcRetrainLedger::entryOf,
                modelName,
                limit));
  }

  @Override
  public List<RetrainEntry> running() {
    return tx.inTransaction(
        "list running retrains",
        c ->
            Sql.list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM retrain_decision WHERE status = 'running' ORDER BY decided_at, id",
                JdbcRetrainLedger::entryOf));
  }

  private static RetrainEntry entryOf(ResultSet rs) throws SQLException {
    return new RetrainEntry(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        Sql.nullableLong(rs, 9),
        rs.getString(10),
        JdbcValues.instant(rs.getTimestamp(11)),
        JdbcValues.instant(rs.getTimestamp(12)));
  }

  private static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + map, e);
    }
  }
}
