package io.missrec.activities.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The model registry part of {@link JdbcLineageStore}: versions, stage moves under the name's
 * advisory lock, and the append-only stage history ({@code model_version}, {@code
 * model_stage_event}).
 */
final class JdbcModelVersions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL_VERSION_COLUMNS =
      "name, version, checkpoint_uri, run_id, stage, metrics::text, created_at";

  private final Transactions tx;

  JdbcModelVersions(Transactions tx) {
    this.tx = tx;
  }

  ModelVersion register(
      String name, String checkpointUri, long runId, Map<String, Double> metrics) {
    String metricsJson = toJson(name, metrics);
    return tx.inTransaction(
        "register model version of " + name,
        c -> {
          // Serialise registrations per name so max(version) + 1 cannot race.
          lockName(c, name);
          Sql.update(
              c,
              "INSERT INTO model_version (name, version, checkpoint_uri, run_id, metrics)"
                  + " SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?::jsonb"
                  + " FROM model_version WHERE name = ?"
                  + " ON CONFLICT ON CONSTRAINT model_version_checkpoint_uq DO NOTHING",
              name,
              checkpointUri,
              runId,
              metricsJson,
              name);
          return findModelVersion(c, "name = ? AND checkpoint_uri = ?", name, checkpointUri)
              .orElseThrow();
        });
  }

  ModelVersion transitionStage(String name, long version, ModelStage stage, StageGuard guard) {
    StageOutcome outcome =
        tx.inTransaction(
            "move model " + name + " v" + version + " to " + stage,
            c -> {
              lockName(c, name);
              ModelVersion current =
                  findModelVersion(c, "name = ? AND version = ?", name, version)
                      .orElseThrow(
                          () ->
                              new LineageStoreException(
                                  "no model version " + name + " v" + version));
              Optional<ModelVersion> production =
                  findModelVersion(c, "name = ? AND stage = 'production'", name);
              Long productionVersion = production.map(ModelVersion::version).orElse(null);
              try {
                guard.check(current, production, stage);
              } catch (RuntimeException refusal) {
                // the refusal is history too: commit its event, then rethrow outside
                String why =
                    refusal.getMessage() == null ? refusal.toString() : refusal.getMessage();
                insertStageEvent(c, current, stage, StageDecision.REFUSED, why, productionVersion);
                return new StageOutcome(null, refusal);
              }
              if (current.stage() == stage) {
                return new StageOutcome(current, null); // nothing moves, nothing to record
              }
              if (stage == ModelStage.PRODUCTION && production.isPresent()) {
                ModelVersion replaced = production.get();
                updateStage(c, name, replaced.version(), ModelStage.ARCHIVED);
                insertStageEvent(
                    c,
                    replaced,
                    ModelStage.ARCHIVED,
                    StageDecision.APPLIED,
                    "replaced in production by v" + version,
                    replaced.version());
              }
              updateStage(c, name, version, stage);
              insertStageEvent(
                  c, current, stage, StageDecision.APPLIED, "requested", productionVersion);
              return new StageOutcome(
                  findModelVersion(c, "name = ? AND version = ?", name, version).orElseThrow(),
                  null);
            });
    if (outcome.refusal() != null) {
      throw outcome.refusal();
    }
    return outcome.version();
  }

  /** A transition's result: the moved version, or the guard's refusal (recorded, then thrown). */
  private record StageOutcome(ModelVersion version, RuntimeException refusal) {}

  private static void updateStage(Connection c, String name, long version, ModelStage stage)
      throws SQLException {
    Sql.update(
        c,
        "UPDATE model_version SET stage = ? WHERE name = ? AND version = ?",
        stage.dbValue(),
        name,
        version);
  }

  private static void insertStageEvent(
      Connection c,
      ModelVersion from,
      ModelStage to,
      StageDecision decision,
      String reason,
      Long productionVersion)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO model_stage_event (model_name, model_version, from_stage, to_stage,"
            + " decision, reason, production_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
        from.name(),
        from.version(),
        from.stage().dbValue(),
        to.dbValue(),
        decision.dbValue(),
        reason,
        productionVersion);
  }

  List<StageEvent> stageEvents(String name) {
    return tx.inTransaction(
        "read stage history of " + name,
        c ->
            Sql.list(
                c,
                "SELECT model_name, model_version, from_stage, to_stage, decision, reason,"
                    + " production_version, recorded_at FROM model_stage_event"
                    + " WHERE model_name = ? ORDER BY id",
                rs ->
                    new StageEvent(
                        rs.getString(1),
                        rs.getLong(2),
                        ModelStage.fromDb(rs.getString(3)),
                        ModelStage.fromDb(rs.getString(4)),
                        StageDecision.fromDb(rs.getString(5)),
                        rs.getString(6),
                        Sql.nullableLong(rs, 7),
                        JdbcValues.instant(rs.getTimestamp(8))),
                name));
  }

  List<ModelVersion> list(String name) {
    return tx.inTransaction(
        "list model versions" + (name == null ? "" : " of " + name),
        c ->
            Sql.list(
                c,
                "SELECT "
                    + MODEL_VERSION_COLUMNS
                    + " FROM model_version"
                    + (name == null ? "" : " WHERE name = ?")
                    + " ORDER BY name, version",
                JdbcModelVersions::modelVersion,
                name == null ? new Object[0] : new Object[] {name}));
  }

  /** Serialises registrations and stage changes per name (advisory, released at commit). */
  private static void lockName(Connection c, String name) throws SQLException {
    Sql.update(c, "SELECT pg_advisory_xact_lock(hashtext('model_version:' || ?))", name);
  }

  Optional<ModelVersion> find(String name, long version) {
    return tx.inTransaction(
        "find model version " + name + " v" + version,
        c -> findModelVersion(c, "name = ? AND version = ?", name, version));
  }

  Optional<ModelVersion> latest(String name) {
    return tx.inTransaction(
        "find latest version of model " + name,
        c ->
            findModelVersion(
                c,
                "name = ? AND version = (SELECT MAX(version) FROM model_version WHERE name = ?)",
                name,
                name));
  }

  private static Optional<ModelVersion> findModelVersion(Connection c, String where, Object... keys)
      throws SQLException {
    return Sql.first(
        c,
        "SELECT " + MODEL_VERSION_COLUMNS + " FROM model_version WHERE " + where,
        JdbcModelVersions::modelVersion,
        keys);
  }

  private static ModelVersion modelVersion(ResultSet rs) throws SQLException {
    return new ModelVersion(
        rs.getString(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getLong(4),
        ModelStage.fromDb(rs.getString(5)),
        fromJson(rs.getString(6)),
        JdbcValues.instant(rs.getTimestamp(7)));
  }

  private static String toJson(String name, Map<String, Double> metrics) {
    metrics.forEach(
        (key, value) -> {
          if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                "model " + name + ": metric '" + key + "' is not a finite number: " + value);
          }
        });
    try {
      return JSON.writeValueAsString(new TreeMap<>(metrics));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise metrics of model " + name, e);
    }
  }

  private static Map<String, Double> fromJson(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Double>>() {});
    } catch (JsonProcessingException e) {
      throw new LineageStoreException("unreadable model_version.metrics: " + json, e);
    }
  }
}
