package io.missrec.activities.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigratorTest {
  private static TestDatabase db;
  private static int firstRun;

  @BeforeAll
  static void migrate() throws SQLException {
    db = TestDatabase.create();
    firstRun = Migrator.migrate(db.dataSource());
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void appliesVersionedAndRepeatableMigrationsOnceOnly() {
    assertThat(firstRun).as("V001-V010 and the repeatable views").isEqualTo(11);
    assertThat(Migrator.migrate(db.dataSource())).isZero();
  }

  @Test
  void createsTablesAndAuditViews() throws SQLException {
    assertThat(
            strings(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name <> 'flyway_schema_history' ORDER BY table_name"))
        .containsExactly(
            "artifact",
            "artifact_provenance",
            "artifact_removal",
            "dataset",
            "lineage_edge",
            "metric",
            "model_lineage",
            "model_stage_event",
            "model_version",
            "model_version_provenance",
            "param",
            "retrain_decision",
            "run",
            "run_failure",
            "run_summary");
  }

  @Test
  void everyConstraintIsNamedOnPurpose() throws SQLException {
    List<String> names =
        strings(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                + " WHERE n.nspname = 'public' AND conrelid <> 0"
                + " AND conrelid::regclass::text <> 'flyway_schema_history'");
    assertThat(names)
        .contains(
            "dataset_pk",
            "artifact_kind_ck",
            "run_status_ck",
            "run_idempotency_key_uq",
            "param_pk",
            "metric_pk",
            "lineage_edge_uq",
            "lineage_edge_one_input_ck",
            "model_version_pk",
            "model_version_stage_ck",
            "model_version_checkpoint_uq",
            "model_stage_event_decision_ck",
            "model_stage_event_version_fk",
            "retrain_decision_decision_ck",
            "retrain_decision_status_fits_ck");
    // PostgreSQL's generated names end in _key, _pkey, _fkey or _check; ours never do.
    assertThat(names).allSatisfy(name -> assertThat(name).matches(".*_(pk|uq|fk|ck)"));
  }

  private static List<String> strings(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }
}
