package io.missrec.app.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.app.config.Settings;

/**
 * The lineage database alone, for commands that only read or edit the registry: the configured one
 * ({@code MISSREC_JDBC_URL}), else the embedded PostgreSQL over {@code <data>/postgres} (the one
 * {@code ./missrec demo} records in), started for as long as this is open.
 */
public final class LineageDatabase implements AutoCloseable {
  private final EmbeddedPostgresServer embedded;
  private final HikariDataSource dataSource;
  private final LineageStore store;

  private LineageDatabase(EmbeddedPostgresServer embedded, HikariDataSource dataSource) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.store = new JdbcLineageStore(dataSource);
  }

  /** Connects (starting the embedded server when none is configured) and migrates the schema. */
  public static LineageDatabase open(Settings settings) {
    EmbeddedPostgresServer embedded =
        settings.database() == null
            ? EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"))
            : null;
    HikariDataSource dataSource = null;
    try {
      dataSource =
          (embedded != null ? embedded.config() : settings.database())
              .toDataSource("missrec-registry");
      Migrator.migrate(dataSource);
      return new LineageDatabase(embedded, dataSource);
    } catch (RuntimeException e) {
      if (dataSource != null) {
        dataSource.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  public LineageStore store() {
    return store;
  }

  @Override
  public void close() {
    try {
      dataSource.close();
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
