package io.missrec.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.Migrator;
import io.missrec.app.config.Settings;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStackTest {
  private static final String DIGEST = "a".repeat(64);

  @TempDir Path dataDir;

  @Test
  void startsEveryServiceEmbeddedKeepsLineageAcrossRestartsAndStopsCleanly() throws Exception {
    Settings configured = Settings.fromEnv(Map.of("MISSREC_DATA", dataDir.toString()), dataDir);
    int temporalPort;
    int s3Port;
    int pgPort;
    try (EmbeddedStack stack = EmbeddedStack.start(configured)) {
      Settings s = stack.settings();
      assertThat(s.needsEmbedded()).isFalse();
      assertThat(s.stickyQueueTimeout()).isZero();

      // Temporal answers gRPC on localhost, with the default namespace.
      try (TemporalConnection temporal = TemporalConnection.open(s)) {
        var stub = temporal.stubs().blockingStub();
        stub.getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        DescribeNamespaceResponse ns =
            stub.describeNamespace(
                DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
        assertThat(ns.getNamespaceInfo().getName()).isEqualTo("default");
      }

      // S3: put then get through the MinIO client, objects under <data>/s3.
      S3ArtifactStore store = S3ArtifactStore.connect(s.s3());
      byte[] content = "hello lineage".getBytes(StandardCharsets.UTF_8);
      ArtifactRef ref = store.put(ArtifactKind.OTHER, content, "text/plain");
      assertThat(store.readAllBytes(ref.uri())).isEqualTo(content);
      assertThat(Files.isDirectory(dataDir.resolve("s3").resolve(store.bucket()))).isTrue();

      // PostgreSQL: schema migrated on start, data under <data>/postgres.
      assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
      try (HikariDataSource ds = s.database().toDataSource("test")) {
        assertThat(Migrator.migrate(ds)).as("already migrated on start").isZero();
        assertThat(count(ds, "SELECT count(*) FROM flyway_schema_history WHERE success"))
            .isPositive();
        new io.missrec.activities.lineage.JdbcLineageStore(ds)
            .recordDataset(new Dataset(DIGEST, "synth-a", "recbole", "file:///x"));
      }
      temporalPort = stack.temporal().port();
      s3Port = stack.s3().port();
      pgPort = stack.postgres().port();
    }
    assertThat(listening(temporalPort)).as("temporal stopped").isFalse();
    assertThat(listening(s3Port)).as("s3 stopped").isFalse();
    assertThat(listening(pgPort)).as("postgres stopped").isFalse();

    // A second start on the same data directory finds the lineage written by the first.
    try (EmbeddedStack again = EmbeddedStack.start(configured);
        HikariDataSource ds = again.settings().database().toDataSource("test-again")) {
      assertThat(count(ds, "SELECT count(*) FROM dataset WHERE digest = '" + DIGEST + "'"))
          .isEqualTo(1);
      assertThat(
              S3ArtifactStore.connect(again.settings().s3())
                  .exists("s3://missrec/other/" + sha256("hello lineage")))
          .isTrue();
    }
  }

  @Test
  void aSecondProcessWaitsForTheDataFolderThenSaysWhoHoldsIt() throws Exception {
    Path folder = dataDir.resolve("postgres");
    EmbeddedPostgresServer first = EmbeddedPostgresServer.start(folder);
    java.util.concurrent.CompletableFuture<EmbeddedPostgresServer> second;
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> EmbeddedPostgresServer.start(folder, 0, java.time.Duration.ofMillis(600)))
          .isInstanceOf(EmbeddedPostgresServer.BusyException.class)
          .hasMessageContaining("is in use by another ./missrec command")
          .hasMessageContaining(Settings.JDBC_URL);
      second =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> EmbeddedPostgresServer.start(folder));
      Thread.sleep(1_000);
      assertThat(second).as("waits while the folder is held").isNotDone();
    } finally {
      first.close();
    }
    try (EmbeddedPostgresServer next = second.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
      assertThat(next.dataDir()).isEqualTo(folder);
    }
  }

  @Test
  void configuredDatabaseIsUsedAndMigratedInsteadOfAnEmbeddedOne() throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Settings configured =
          Settings.fromEnv(
              Map.of("MISSREC_DATA", dataDir.toString(), "MISSREC_JDBC_URL", db.jdbcUrl()),
              dataDir);
      try (EmbeddedStack stack = EmbeddedStack.start(configured);
          ServiceConnections services = ServiceConnections.open(stack.settings())) {
        assertThat(stack.postgres()).isNull();
        assertThat(stack.settings().database().jdbcUrl()).isEqualTo(db.jdbcUrl());
        assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();

        services.lineage().recordDataset(new Dataset(DIGEST, "synth-b", "recbole", "file:///y"));
        assertThat(count(services.dataSource(), "SELECT count(*) FROM dataset")).isEqualTo(1);
        assertThat(services.workflowClient().getOptions().getNamespace()).isEqualTo("default");
      }
    }
  }

  private static long count(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
