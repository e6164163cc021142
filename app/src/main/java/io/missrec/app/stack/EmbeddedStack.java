package io.missrec.app.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.EmbeddedS3Server;
import io.missrec.activities.artifact.S3Config;
import io.missrec.activities.lineage.Migrator;
import io.missrec.app.config.Settings;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, inside this JVM, every service the settings leave unset: Temporal's in-memory server (a
 * real gRPC endpoint on localhost), S3Proxy over {@code <data>/s3} and PostgreSQL over {@code
 * <data>/postgres} (schema migrated). {@link #settings()} returns the settings with their endpoints
 * filled in, ready for {@link ServiceConnections}. Closing stops them in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

  private final Deque<AutoCloseable> started;
  private final Settings settings;
  private final EmbeddedTemporal temporal;
  private final EmbeddedS3Server s3;
  private final EmbeddedPostgresServer postgres;

  private EmbeddedStack(
      Deque<AutoCloseable> started,
      Settings settings,
      EmbeddedTemporal temporal,
      EmbeddedS3Server s3,
      EmbeddedPostgresServer postgres) {
    this.started = started;
    this.settings = settings;
    this.temporal = temporal;
    this.s3 = s3;
    this.postgres = postgres;
  }

  /** Starts what {@code configured} leaves unset; a fully configured one starts nothing. */
  public static EmbeddedStack start(Settings configured) {
    return start(configured, Parts.ALL);
  }

  /**
   * Starts the embedded S3 and PostgreSQL where unset, never Temporal: for commands that only read
   * lineage and artifacts.
   */
  public static EmbeddedStack startStorage(Settings configured) {
    return start(configured, Parts.STORAGE);
  }

  /**
   * Starts the embedded PostgreSQL where unset, and nothing else, logging only at debug level: for
   * a lookup repeated in the background (a server checking its model's stage).
   */
  public static EmbeddedStack startDatabase(Settings configured) {
    return start(configured, Parts.DATABASE);
  }

  /**
   * Starts the embedded PostgreSQL and Temporal where unset, never S3: for commands that hold
   * lineage up against the orchestrator.
   */
  public static EmbeddedStack startDatabaseAndTemporal(Settings configured) {
    return start(configured, Parts.DATABASE_AND_TEMPORAL);
  }

  /** Which of the unset services a command starts. */
  private enum Parts {
    DATABASE,
    STORAGE,
    DATABASE_AND_TEMPORAL,
    ALL;

    boolean storage() {
      return this == STORAGE || this == ALL;
    }

    boolean temporal() {
      return this == DATABASE_AND_TEMPORAL || this == ALL;
    }
  }

  private static EmbeddedStack start(Settings configured, Parts parts) {
    boolean databaseOnly = parts == Parts.DATABASE;
    Deque<AutoCloseable> started = new ArrayDeque<>();
    Settings resolved = configured;
    EmbeddedTemporal temporal = null;
    EmbeddedS3Server s3 = null;
    EmbeddedPostgresServer postgres = null;
    try {
      if (configured.database() == null) {
        long t0 = System.nanoTime();
        postgres = EmbeddedPostgresServer.start(configured.dataDir().resolve("postgres"));
        started.push(postgres);
        resolved = resolved.withDatabase(postgres.config());
        try (HikariDataSource ds = postgres.config().toDataSource("missrec-migrate")) {
          int applied = Migrator.migrate(ds);
          String message =
              "embedded PostgreSQL on port {} ({} migrations applied, {} ms), data in {}";
          Object[] args = {
            postgres.port(), applied, (System.nanoTime() - t0) / 1_000_000, postgres.dataDir()
          };
          if (databaseOnly) {
            log.debug(message, args);
          } else {
            log.info(message, args);
          }
        }
      }
      if (parts.storage() && configured.s3() == null) {
        s3 =
            EmbeddedS3Server.start(configured.dataDir().resolve("s3"), 0, randomKey(), randomKey());
        started.push(s3);
        resolved = resolved.withS3(s3.config(S3Config.DEFAULT_BUCKET));
        log.info("embedded S3 at {}, objects in {}", s3.endpoint(), s3.dataDir());
      }
      if (parts.temporal() && configured.temporalAddress() == null) {
        temporal = EmbeddedTemporal.start();
        started.push(temporal);
        resolved = resolved.withTemporalAddress(temporal.address());
        if (configured.stickyQueueTimeout() == null) {
          // The in-memory server keeps feeding a dead worker's sticky queue (services.md).
          resolved = resolved.withStickyQueueTimeout(configured.effectiveStickyTimeout(true));
        }
        log.info("embedded Temporal at {} (in memory)", temporal.address());
      }
    } catch (RuntimeException e) {
      closeAll(started, e);
      throw e;
    }
    return new EmbeddedStack(started, resolved, temporal, s3, postgres);
  }

  /** The configured settings with every embedded service's endpoint filled in. */
  public Settings settings() {
    return settings;
  }

  /** The embedded Temporal server, or null when a real one is configured. */
  public EmbeddedTemporal temporal() {
    return temporal;
  }

  /** The embedded S3 server, or null when a real endpoint is configured. */
  public EmbeddedS3Server s3() {
    return s3;
  }

  /** The embedded PostgreSQL, or null when a real database is configured. */
  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  @Override
  public void close() {
    closeAll(started, null);
  }

  private static void closeAll(Deque<AutoCloseable> started, RuntimeException primary) {
    RuntimeException failure = primary;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("cannot stop the embedded stack cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null && failure != primary) {
      throw failure;
    }
  }

  private static String randomKey() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
