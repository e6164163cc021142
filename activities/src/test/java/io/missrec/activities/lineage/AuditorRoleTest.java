package io.missrec.activities.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.Sha256;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code missrec_auditor} role (V002) reads everything and changes nothing. */
class AuditorRoleTest {
  private static final String AUDITOR = "missrec_auditor";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final List<String> RELATIONS =
      List.of(
          "dataset",
          "artifact",
          "run",
          "param",
          "metric",
          "lineage_edge",
          "model_version",
          "artifact_removal",
          "run_summary",
          "artifact_provenance",
          "model_version_provenance",
          "model_lineage");

  private static TestDatabase db;
  private static ArtifactRef snapshot;
  private static ArtifactRef checkpoint;
  private static String datasetDigest;

  @BeforeAll
  static void migrateAndRecordAChain() throws SQLException {
    db = TestDatabase.migrated();
    LineageStore store = new JdbcLineageStore(db.dataSource());
    datasetDigest = Sha256.hex("raw dataset".getBytes(StandardCharsets.UTF_8));
    snapshot = artifact(ArtifactKind.DATASET_SNAPSHOT, "snapshot");
    checkpoint = artifact(ArtifactKind.CHECKPOINT, "checkpoint");
    store.completeRun(
        RunStart.of("wf-audit", "wf-run", "ingest", "c0ffee"),
        RunOutputs.builder()
            .dataset(new Dataset(datasetDigest, "synth-a", "unisrec", "file:///data/synth-a"))
            .artifact(snapshot)
            .edge(RunOutputs.Edge.fromDataset(datasetDigest, snapshot.uri(), "source"))
            .build());
    RunRecord train =
        store.completeRun(
            RunStart.of("wf-audit", "wf-run", "pretrain", "c0ffee"),
            RunOutputs.builder()
                .artifact(checkpoint)
                .edge(RunOutputs.Edge.fromArtifact(snapshot.uri(), checkpoint.uri(), "dataset"))
                .params(Map.of("lr", "0.001"))
                .build());
    store.registerModelVersion("audited", checkpoint.uri(), train.id(), Map.of("ndcg@10", 0.1));
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void roleIsNologinAndReadsEveryTableAndView() throws SQLException {
    assertThat(asOwner("SELECT rolcanlogin::text FROM pg_roles WHERE rolname = '" + AUDITOR + "'"))
        .containsExactly("false");
    for (String relation : RELATIONS) {
      assertThat(asAuditor(db.dataSource(), "SELECT count(*)::text FROM " + relation))
          .as(relation)
          .hasSize(1);
    }
    assertThat(asAuditor(db.dataSource(), "SELECT name FROM model_version")).contains("audited");
  }

  @Test
  void modelLineageViewWalksFromTheCheckpointToTheDataset() throws SQLException {
    assertThat(
            asAuditor(
                db.dataSource(),
                "SELECT input_type || ' ' || input_sha256 || ' -> ' || output_sha256 || ' by '"
                    + " || activity FROM model_lineage WHERE name = 'audited' AND version = 1"
                    + " ORDER BY activity"))
        .containsExactly(
            "dataset " + datasetDigest + " -> " + snapshot.sha256() + " by ingest",
            "artifact " + snapshot.sha256() + " -> " + checkpoint.sha256() + " by pretrain");
  }

  @Test
  void everyWriteAndCreateIsDenied() {
    List<String> writes =
        List.of(
            "INSERT INTO dataset (digest, name, format, uri) VALUES ('"
                + "b".repeat(64)
                + "', 'x', 'y', 'z')",
            "UPDATE model_version SET stage = 'production'",
            "UPDATE run SET code_version = 'forged'",
            "DELETE FROM artifact",
            "INSERT INTO artifact_removal (artifact_uri, reason) SELECT uri, 'x' FROM artifact",
            "DELETE FROM model_version",
            "TRUNCATE param",
            "TRUNCATE lineage_edge CASCADE",
            "CREATE TABLE auditor_scratch (id bigint)",
            "CREATE VIEW auditor_view AS SELECT 1 AS one");
    for (String sql : writes) {
      assertThatThrownBy(() -> asAuditor(db.dataSource(), sql))
          .as(sql)
          .isInstanceOf(SQLException.class)
          .satisfies(
              e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
  }

  @Test
  void tablesAddedByLaterMigrationsAreReadableToo() throws SQLException {
    execute(db.dataSource(), "CREATE TABLE later_table (id bigint)");
    execute(db.dataSource(), "INSERT INTO later_table VALUES (7)");
    assertThat(asAuditor(db.dataSource(), "SELECT id::text FROM later_table")).containsExactly("7");
    assertThatThrownBy(() -> asAuditor(db.dataSource(), "INSERT INTO later_table VALUES (8)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied");
  }

  @Test
  void aSecondDatabaseOnTheSameServerMigratesWithTheExistingRole() throws SQLException {
    try (TestDatabase other = TestDatabase.migrated()) {
      assertThat(asAuditor(other.dataSource(), "SELECT count(*)::text FROM model_version"))
          .containsExactly("0");
      assertThatThrownBy(() -> asAuditor(other.dataSource(), "DELETE FROM run"))
          .isInstanceOf(SQLException.class);
      assertThat(Migrator.migrate(other.dataSource())).isZero();
    }
    assertThat(asOwner("SELECT count(*)::text FROM pg_roles WHERE rolname = '" + AUDITOR + "'"))
        .containsExactly("1");
  }

  @Test
  void createThroughPublicAsOnPostgres14IsTakenAway() throws SQLException {
    try (TestDatabase old = TestDatabase.create()) {
      // PostgreSQL 14 (the embedded server) lets PUBLIC create in schema public.
      execute(old.dataSource(), "GRANT CREATE ON SCHEMA public TO PUBLIC");
      Migrator.migrate(old.dataSource());
      assertThatThrownBy(() -> asAuditor(old.dataSource(), "CREATE TABLE scratch (id bigint)"))
          .isInstanceOf(SQLException.class)
          .satisfies(
              e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
  }

  private static ArtifactRef artifact(ArtifactKind kind, String label) {
    byte[] content = label.getBytes(StandardCharsets.UTF_8);
    return new ArtifactRef(
        "missrec", kind, Sha256.hex(content), content.length, "application/octet-stream");
  }

  /** Runs {@code sql} under {@code SET ROLE missrec_auditor}; the pooled connection is reset. */
  private static List<String> asAuditor(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("SET ROLE " + AUDITOR);
      try {
        return rows(st, sql);
      } finally {
        st.execute("RESET ROLE");
      }
    }
  }

  private static List<String> asOwner(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      return rows(st, sql);
    }
  }

  private static List<String> rows(Statement st, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    if (st.execute(sql)) {
      try (ResultSet rs = st.getResultSet()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
    }
    return rows;
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
