package io.missrec.workflows.activities;

import io.missrec.workflows.payload.ModelVersion;
import io.missrec.workflows.payload.RegistrationRequest;
import io.temporal.activity.ActivityInterface;

/**
 * The model registry. Runs on the CPU queue.
 *
 * <p>Implementations must be idempotent: registering the same checkpoint (by sha256) under the same
 * name again returns the existing version instead of adding one.
 */
@ActivityInterface(namePrefix = "Registry")
public interface RegistryActivities {

  /** Records a new model version with its checkpoint, reports and provenance tags. */
  ModelVersion register(RegistrationRequest request);
}
