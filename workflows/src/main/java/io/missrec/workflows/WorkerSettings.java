package io.missrec.workflows;

import java.time.Duration;
import java.util.Objects;

/**
 * Worker tuning.
 *
 * @param stickyQueueScheduleToStartTimeout how long the server waits for a worker's sticky queue
 *     before handing a workflow task to any worker. The SDK default (5 s) suits a real cluster; the
 *     in-memory test server keeps routing to a dead worker's sticky queue, so use {@link
 *     #forTestServer()} there (see shared/notes/services.md)
 * @param maxConcurrentCpuActivities activities run at once on the CPU queue
 * @param maxConcurrentTrainings training activities run at once on the GPU queue (one per device)
 */
public record WorkerSettings(
    Duration stickyQueueScheduleToStartTimeout,
    int maxConcurrentCpuActivities,
    int maxConcurrentTrainings) {
  public WorkerSettings {
    Objects.requireNonNull(stickyQueueScheduleToStartTimeout, "stickyQueueScheduleToStartTimeout");
    if (maxConcurrentCpuActivities < 1 || maxConcurrentTrainings < 1) {
      throw new IllegalArgumentException("concurrency limits must be positive");
    }
  }

  /** For a real Temporal cluster. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(Duration.ofSeconds(5), 4, 1);
  }

  /** For the SDK's in-memory test server: no sticky wait, so a restarted worker takes over. */
  public static WorkerSettings forTestServer() {
    return new WorkerSettings(Duration.ZERO, 4, 1);
  }
}
