package io.missrec.workflows.payload;

/**
 * Heartbeat details of a training activity: enough to resume after a worker dies. A retry reads the
 * last one with {@code Activity.getExecutionContext().getHeartbeatDetails(
 * TrainingHeartbeat.class)} and continues from {@link #last}.
 *
 * @param epoch epochs completed
 * @param last checkpoint after {@code epoch} (parameters and optimizer state), or null before the
 *     first epoch ends
 * @param best checkpoint with the best valid NDCG@10 so far, or null
 * @param epochsWithoutGain early-stopping counter at {@code epoch}
 */
public record TrainingHeartbeat(
    int epoch, Checkpoint last, Checkpoint best, int epochsWithoutGain) {}
