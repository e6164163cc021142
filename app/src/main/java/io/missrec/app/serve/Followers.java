package io.missrec.app.serve;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a server's followers check on ({@link StageFollower}, {@link CatalogueFollower}):
 * a swap by one never overlaps a load by another, so a version a stage moves to is always loaded on
 * the catalogue served at that moment, and a catalogue change always reopens the versions served at
 * that moment.
 */
public final class Followers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Followers.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "missrec-follower");
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code check} every {@code period}, the first time one period from now. */
  public void every(Duration period, String what, Runnable check) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("the check period must be positive, got " + period);
    }
    long ms = period.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          // a task that throws is never run again: a bug in one check must not end the following
          try {
            check.run();
          } catch (RuntimeException e) {
            LOG.error("{} check failed", what, e);
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /** Closes a model swapped out: it scores what was queued for it, then frees itself. */
  static void closeQuietly(ServedModel old) {
    try {
      old.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", old.name(), e.toString());
    }
  }

  /** Stops checking; a load under way finishes (and is swapped in) first. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    if (!timer.awaitTermination(2, TimeUnit.MINUTES)) {
      timer.shutdownNow();
    }
  }
}
