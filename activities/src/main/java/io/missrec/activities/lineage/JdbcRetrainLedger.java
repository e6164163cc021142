package io.missrec.activities.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT r.id, mv.version FROM run r"
                      + " JOIN param p ON p.run_id = r.id AND p.key = 'checkpoint'"
                      + " JOIN model_version mv ON mv.name = ? AND mv.checkpoint_uri = p.value"
                      + " WHERE r.activity = ? AND r.status = 'succeeded'"
                      + " ORDER BY r.finished_at DESC, r.id DESC LIMIT 1")) {
            st.setString(1, modelName);
            st.setString(2, "register:" + modelName);
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return LastTraining.none(modelName);
              }
              long runId = rs.getLong(1);
              int version = (int) rs.getLong(2);
              return new LastTraining(modelName, version, datasetTags(c, runId));
            }
          }
        });
  }

  private static Map<String, String> datasetTags(Connection c, long runId) throws SQLException {
    Map<String, String> digests = new TreeMap<>();
    try (PreparedStatement st =
        c.prepareStatement("SELECT key, value FROM param WHERE run_id = ? AND key LIKE ?")) {
      st.setLong(1, runId);
      st.setString(2, DATASET_TAG.replace("_", "\\_") + "%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          digests.put(rs.getString(1).substring(DATASET_TAG.length()), rs.getString(2));
        }
      }
    }
    return digests;
  }

  @Override
  public void recordDecision(RetrainRecord record) {
    boolean retrain = record.decision().choice() == RetrainChoice.RETRAIN;
    tx.inTransaction(
        "record the retrain decision of " + record.workflowId(),
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO retrain_decision (workflow_id, model_name, decision, status,"
                      + " reason, datasets_digest, previous_digest, dataset_digests,"
                      + " pipeline_workflow_id, finished_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?,"
                      + " CASE WHEN ? THEN NULL ELSE now() END)"
                      + " ON CONFLICT ON CONSTRAINT retrain_decision_workflow_uq DO NOTHING")) {
            st.setString(1, record.workflowId());
            st.setString(2, record.modelName());
            st.setString(3, retrain ? "retrain" : "skip");
            st.setString(4, retrain ? "running" : "skipped");
            st.setString(5, record.decision().reason());
            st.setString(6, record.decision().datasetsDigest());
            st.setString(7, record.decision().previousDigest());
            st.setString(8, json(record.decision().datasetDigests()));
            st.setString(9, record.pipelineWorkflowId());
            st.setBoolean(10, retrain);
            st.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void recordOutcome(RetrainOutcome outcome) {
    String status = outcome.succeeded() ? "succeeded" : "failed";
    tx.inTransaction(
        "record the retrain outcome of " + outcome.workflowId(),
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "UPDATE retrain_decision SET status = ?, model_version = ?, failure = ?,"
                      + " finished_at = now() WHERE workflow_id = ? AND status = 'running'")) {
            st.setString(1, status);
            st.setObject(2, outcome.modelVersion() == null ? null : (long) outcome.modelVersion());
            st.setString(3, outcome.failure());
            st.setString(4, outcome.workflowId());
            if (st.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement st =
              c.prepareStatement("SELECT status FROM retrain_decision WHERE workflow_id = ?")) {
            st.setString(1, outcome.workflowId());
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                throw new LineageConflictException(
                    "no retrain decision recorded for workflow " + outcome.workflowId());
              }
              if (!rs.getString(1).equals(status)) {
                throw new LineageConflictException(
                    "retrain of workflow "
                        + outcome.workflowId()
                        + " is "
                        + rs.getString(1)
                        + ", cannot become "
                        + status);
              }
            }
          }
          return null;
        });
  }

  @Override
  public List<RetrainEntry> recent(String modelName, int limit) {
    return tx.inTransaction(
        "read retrain decisions of " + modelName,
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM retrain_decision WHERE model_name = ?"
                      + " ORDER BY decided_at DESC, id DESC LIMIT ?")) {
            st.setString(1, modelName);
            st.setInt(2, limit);
            List<RetrainEntry> entries = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                long version = rs.getLong(9);
                Long modelVersion = rs.wasNull() ? null : version;
                entries.add(
                    new RetrainEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        modelVersion,
                        rs.getString(10),
                        JdbcValues.instant(rs.getTimestamp(11)),
                        JdbcValues.instant(rs.getTimestamp(12))));
              }
            }
            return entries;
          }
        });
  }

  private static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + map, e);
    }
  }
}
