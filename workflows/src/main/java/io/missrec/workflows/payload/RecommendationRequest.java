package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * Input of one batch of top-K lists: a checkpoint scores every item of a domain for each of its
 * users' latest histories.
 *
 * @param checkpoint the model
 * @param domain the ingested dataset with its item features
 * @param top items per user, at least 1
 * @param excludeSeen leave out the items already in the user's history
 */
public record RecommendationRequest(
    Checkpoint checkpoint, TrainingDomain domain, int top, boolean excludeSeen) {
  public RecommendationRequest {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(domain, "domain");
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1: " + top);
    }
  }
}
