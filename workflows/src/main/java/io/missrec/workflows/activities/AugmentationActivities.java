package io.missrec.workflows.activities;

import io.missrec.workflows.payload.AugmentationRequest;
import io.missrec.workflows.payload.AugmentedViews;
import io.temporal.activity.ActivityInterface;

/**
 * Contrastive views for pre-training. Runs on the CPU queue.
 *
 * <p>Implementations must be deterministic in the config's seed and idempotent (same request, same
 * artifacts), and heartbeat at least every 30 s while re-encoding word-dropped text.
 */
@ActivityInterface(namePrefix = "Augmentation")
public interface AugmentationActivities {

  /** Stores the word-dropped text features of every item of the dataset. */
  AugmentedViews augment(AugmentationRequest request);
}
