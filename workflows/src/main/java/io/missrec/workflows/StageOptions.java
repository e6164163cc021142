package io.missrec.workflows;

import io.missrec.workflows.activities.ActivityErrors;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options of the pipeline stages. Constants, because workflow code may not read
 * configuration; changing them changes only future schedules, so replay is unaffected.
 */
public final class StageOptions {
  /** Heartbeat timeout of every long activity; implementations heartbeat at least every 30 s. */
  public static final Duration HEARTBEAT = Duration.ofMinutes(2);

  /** Heartbeat timeout of training: an epoch boundary may include a checkpoint upload. */
  public static final Duration TRAINING_HEARTBEAT = Duration.ofMinutes(5);

  private static final RetryOptions CPU_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(5)
          .setDoNotRetry(ActivityErrors.NON_RETRYABLE.toArray(String[]::new))
          .build();

  private static final RetryOptions GPU_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(10))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(10))
          .setMaximumAttempts(4)
          .setDoNotRetry(ActivityErrors.NON_RETRYABLE.toArray(String[]::new))
          .build();

  /** Ingest, validation, feature extraction, augmentation, interests, evaluation. */
  public static final ActivityOptions CPU_WORK =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CPU)
          .setStartToCloseTimeout(Duration.ofHours(2))
          .setHeartbeatTimeout(HEARTBEAT)
          .setRetryOptions(CPU_RETRY)
          .build();

  /** Registration: a few database rows. */
  public static final ActivityOptions REGISTRY =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CPU)
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(CPU_RETRY)
          .build();

  /** Pre-training and fine-tuning: long, resumable from heartbeat details. */
  public static final ActivityOptions TRAINING =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.GPU)
          .setStartToCloseTimeout(Duration.ofHours(48))
          .setHeartbeatTimeout(TRAINING_HEARTBEAT)
          .setRetryOptions(GPU_RETRY)
          .build();

  private StageOptions() {}
}
