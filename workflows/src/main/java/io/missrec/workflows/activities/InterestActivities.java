package io.missrec.workflows.activities;

import io.missrec.workflows.payload.InterestAssignments;
import io.missrec.workflows.payload.InterestRequest;
import io.temporal.activity.ActivityInterface;

/**
 * Multi-modal interest discovery. Runs on the CPU queue.
 *
 * <p>Implementations must be deterministic (DPC-KNN has no randomness; ties break by token index)
 * and idempotent, and heartbeat at least every 30 s (the kNN step is quadratic in tokens).
 */
@ActivityInterface(namePrefix = "Interest")
public interface InterestActivities {

  /**
   * Clusters the item tokens of all datasets together with DPC-KNN and stores token-to-interest
   * assignments (the trainer's starting clusters).
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INVALID_INPUT} when the
   *     feature sets disagree on modalities or widths
   */
  InterestAssignments discover(InterestRequest request);
}
