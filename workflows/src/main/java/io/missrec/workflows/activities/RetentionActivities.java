package io.missrec.workflows.activities;

import io.missrec.workflows.payload.PruneRequest;
import io.missrec.workflows.payload.PruneSummary;
import io.temporal.activity.ActivityInterface;

/**
 * Retention of a pipeline's own artifacts. Runs on the CPU queue.
 *
 * <p>Implementations must be idempotent: a repeated call removes what is still stored and returns
 * the same summary.
 */
@ActivityInterface(namePrefix = "Retention")
public interface RetentionActivities {

  /**
   * Removes the bytes of the training intermediates the workflow's succeeded runs produced and
   * nothing consumed (epoch checkpoints not handed on, optimizer states), recording each removal in
   * lineage. Called once the workflow has registered its model: nothing resumes from them then.
   */
  PruneSummary pruneIntermediates(PruneRequest request);
}
