package io.missrec.workflows.payload;

/**
 * Heartbeat details of a training activity: enough to resume after a worker dies. A retry reads the
 * last one with {@code Activity.getExecutionContext().getHeartbeatDetails(
 * TrainingHeartbeat.class)} and continues from {@link #last}.
 *
 * @param epoch epochs completed
 * @param last checkpoint (parameters) after {@code epoch}, or null before the first epoch ends
 * @param best checkpoint with the best valid NDCG@10 so far, or null
 * @param epochsWithoutGain early-stopping counter at {@code epoch}
 * @param optimizerState Adam's state after {@code epoch} ({@link ArtifactKind#OPTIMIZER_STATE}),
 *     stored apart from the checkpoint; null in heartbeats written before it existed (a resume from
 *     those restarts Adam from zero) and before the first epoch ends
 */
public record TrainingHeartbeat(
    int epoch,
    Checkpoint last,
    Checkpoint best,
    int epochsWithoutGain,
    ArtifactRef optimizerState) {

  /** A heartbeat without optimizer state. */
  public TrainingHeartbeat(int epoch, Checkpoint last, Checkpoint best, int epochsWithoutGain) {
    this(epoch, last, best, epochsWithoutGain, null);
  }
}
