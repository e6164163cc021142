package io.missrec.workflows;

import io.missrec.workflows.activities.TrainingActivities;

/**
 * Task queue names. Workflows and data/feature/evaluation activities run on {@link #CPU}; training
 * runs on {@link #GPU}, so training can be served by other machines than the rest.
 */
public final class TaskQueues {
  /** Workflows and every activity except training. */
  public static final String CPU = "missrec-cpu";

  /** Training activities ({@link TrainingActivities}). */
  public static final String GPU = "missrec-gpu";

  private TaskQueues() {}

  /** The queue an activity implementation is served on, decided by the interfaces it implements. */
  public static String forActivity(Object activityImpl) {
    return activityImpl instanceof TrainingActivities ? GPU : CPU;
  }
}
