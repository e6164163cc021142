package io.missrec.app.serve;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server on the version a registry stage holds: every period it asks which version that is,
 * and when it differs from the one served, loads it beside the one answering and swaps them
 * (requests already queued are scored by the old one, then it is closed). A version that cannot be
 * loaded leaves the served one answering: a refusal of the checkpoint itself (another catalogue,
 * other feature widths) is not tried again; anything else (registry or S3 unreachable) is, at the
 * next check.
 */
public final class StageFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageFollower.class);

  /** Where the stage's version comes from, and how one is loaded. */
  public interface VersionSource {
    /** The version the stage holds now, named as {@link ServedModel#name()} names it. */
    String current() throws Exception;

    /** That version, loaded and ready to answer. */
    ServedModel load(String version) throws Exception;
  }

  private final ModelSlot slot;
  private final VersionSource source;
  private final Consumer<Boolean> loads;
  private final ScheduledExecutorService timer;
  private final Set<String> refused = new HashSet<>();
  private String lastLookupFailure;

  private StageFollower(ModelSlot slot, VersionSource source, Consumer<Boolean> loads) {
    this.slot = slot;
    this.source = source;
    this.loads = loads;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "missrec-stage-follower");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Checks every {@code period}, the first time one period from now.
   *
   * @param slot the model the stage's version replaces
   * @param loads told of each load a stage move set off: whether it succeeded (metrics)
   */
  public static StageFollower start(
      ModelSlot slot, VersionSource source, Consumer<Boolean> loads, Duration period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("the stage check period must be positive, got " + period);
    }
    StageFollower follower = new StageFollower(slot, source, loads);
    long ms = period.toMillis();
    follower.timer.scheduleWithFixedDelay(follower::checkLogged, ms, ms, TimeUnit.MILLISECONDS);
    return follower;
  }

  // a task that throws is never run again: a bug in one check must not end the following
  private void checkLogged() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.error("stage check failed", e);
    }
  }

  /** One check; runs on the follower's thread only, so a load never overlaps another. */
  void check() {
    String served = slot.current().name();
    String wanted;
    try {
      wanted = source.current();
      if (lastLookupFailure != null) {
        LOG.info("the stage can be read again: it holds {}", wanted);
        lastLookupFailure = null;
      }
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(lastLookupFailure)) {
        LOG.warn("cannot read the stage ({}); still serving {}", message, served);
        lastLookupFailure = message;
      }
      return;
    }
    if (wanted.equals(served) || refused.contains(wanted)) {
      return;
    }
    LOG.info("the stage now holds {}: loading it beside {}", wanted, served);
    ServedModel next;
    try {
      next = source.load(wanted);
    } catch (Exception e) {
      loads.accept(false);
      boolean permanent = e instanceof IllegalArgumentException;
      if (permanent) {
        refused.add(wanted);
      }
      LOG.warn(
          "cannot serve {} ({}); still serving {}{}",
          wanted,
          e.getMessage(),
          served,
          permanent ? " (not tried again)" : " (tried again at the next check)");
      return;
    }
    ServedModel old = slot.swap(next);
    loads.accept(true);
    LOG.info("now serving {} (was {})", next.name(), old.name());
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
