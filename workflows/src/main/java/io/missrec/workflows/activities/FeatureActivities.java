package io.missrec.workflows.activities;

import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.temporal.activity.ActivityInterface;

/**
 * Frozen item features. Runs on the CPU queue.
 *
 * <p>Implementations must be idempotent (a feature table is keyed by dataset sha256 and encoder id,
 * and an existing one is returned as is) and heartbeat at least every 30 s while encoding, since
 * encoding a large catalogue takes minutes.
 */
@ActivityInterface(namePrefix = "Feature")
public interface FeatureActivities {

  /**
   * Encodes every item per modality with the frozen encoder of the spec, or imports the dataset's
   * precomputed feature file where the spec says {@code precomputed:<suffix>}. Items missing a
   * modality get an all-zero row.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INVALID_INPUT} for an
   *     unknown encoder or a missing precomputed file, {@link ActivityErrors#DATA_FORMAT} for a
   *     file of the wrong size
   */
  FeatureSet extract(FeatureRequest request);
}
