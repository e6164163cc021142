package io.missrec.workflows.activities;

import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.PretrainInput;
import io.missrec.workflows.payload.TrainingHeartbeat;
import io.missrec.workflows.progress.ProgressReporter;
import io.temporal.activity.ActivityInterface;

/**
 * Long training runs. Served on the GPU queue, one at a time per device.
 *
 * <p>Implementations must:
 *
 * <ul>
 *   <li>heartbeat at least every 30 s (the heartbeat timeout is {@code
 *       StageOptions.TRAINING_HEARTBEAT}), and at every epoch end with a {@link TrainingHeartbeat}
 *       whose {@code last} checkpoint is already stored;
 *   <li>on start, read the last {@link TrainingHeartbeat} from the heartbeat details and, if
 *       present, resume from its {@code last} checkpoint, epoch and early-stopping state, so a
 *       retry after a worker dies loses at most one epoch;
 *   <li>report each epoch's loss and valid metrics through a {@link ProgressReporter}, best effort
 *       (a failed report never fails training);
 *   <li>return the checkpoint with the best valid NDCG@10, early stopping after {@code patience}
 *       epochs without gain; be deterministic in the config's seed on CPU;
 *   <li>fail with {@link ActivityErrors#TRAINING_DIVERGED} on a non-finite loss, {@link
 *       ActivityErrors#INCOMPATIBLE_CHECKPOINT} when the initial checkpoint does not fit, {@link
 *       ActivityErrors#INVALID_INPUT} for an unknown hyper-parameter override.
 * </ul>
 */
@ActivityInterface(namePrefix = "Training")
public interface TrainingActivities {

  /** Self-supervised pre-training over the source domains (spec, component 7). */
  Checkpoint pretrain(PretrainInput input);

  /**
   * Parameter-efficient fine-tuning on the target domain, inductive or transductive (spec,
   * component 8).
   */
  Checkpoint fineTune(FineTuneInput input);
}
