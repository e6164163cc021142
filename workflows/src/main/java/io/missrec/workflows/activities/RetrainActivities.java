package io.missrec.workflows.activities;

import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;
import io.temporal.activity.ActivityInterface;

/**
 * The lineage side of scheduled retraining: what the last training used, and the ledger of
 * decisions. Runs on the CPU queue; every method is idempotent (keyed by model name or by the
 * scheduled run's workflow id).
 */
@ActivityInterface(namePrefix = "Retrain")
public interface RetrainActivities {

  /** The datasets of the last successfully registered pre-training of {@code modelName}. */
  LastTraining lastTraining(String modelName);

  /** Records a decision; recording the same workflow id again is a no-op. */
  void recordDecision(RetrainRecord record);

  /** Records how a retrain ended; repeating the same outcome is a no-op. */
  void recordOutcome(RetrainOutcome outcome);
}
