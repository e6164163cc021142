package io.missrec.workflows.activities;

import io.missrec.workflows.payload.RecommendationRequest;
import io.missrec.workflows.payload.RecommendationSet;
import io.temporal.activity.ActivityInterface;

/**
 * Batch recommendation. Runs on the CPU queue.
 *
 * <p>Implementations must be deterministic (the same lists, byte for byte, for the same checkpoint,
 * dataset and options, so the artifact is content-addressed) and idempotent (a retry after success
 * returns the recorded result).
 */
@ActivityInterface(namePrefix = "Serving")
public interface ServingActivities {

  /**
   * Scores every item of the domain for each user's latest history (the test example with its
   * target) and stores the best {@code top} per user, with the dataset's ids.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INCOMPATIBLE_CHECKPOINT}
   *     when the checkpoint does not fit the domain's features or items
   */
  RecommendationSet recommend(RecommendationRequest request);
}
