package io.missrec.activities.impl;

import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Heartbeats from a daemon thread while the activity thread is busy in one long native call (an
 * epoch, DPC-KNN over a large catalogue, a full ranking) that cannot heartbeat itself, so a step
 * longer than the heartbeat timeout is not taken for a dead worker. A worker that dies stops
 * beating with it; a stuck one is bounded by the start-to-close timeout.
 */
final class BackgroundHeartbeat implements AutoCloseable {
  /** At most this long between beats, whatever the timeout. */
  static final long MAX_PERIOD_MILLIS = 20_000;

  private final ScheduledExecutorService beats;

  private BackgroundHeartbeat(ScheduledExecutorService beats) {
    this.beats = beats;
  }

  /**
   * Beats every third of the activity's heartbeat timeout (at most {@link #MAX_PERIOD_MILLIS}) with
   * the details {@code latest} gives at that moment.
   */
  static BackgroundHeartbeat start(ActivityExecutionContext activity, Supplier<?> latest) {
    ScheduledExecutorService beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "activity-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long timeout = activity.getInfo().getHeartbeatTimeout().toMillis();
    long period =
        timeout > 0 ? Math.min(MAX_PERIOD_MILLIS, Math.max(200, timeout / 3)) : MAX_PERIOD_MILLIS;
    beats.scheduleAtFixedRate(
        () -> {
          try {
            activity.heartbeat(latest.get());
          } catch (RuntimeException e) {
            // cancellation or a lost connection also shows on the activity's own next heartbeat
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    return new BackgroundHeartbeat(beats);
  }

  @Override
  public void close() {
    beats.shutdownNow();
  }
}
