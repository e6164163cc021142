package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * How one training run goes.
 *
 * @param mode inductive or transductive
 * @param epochs maximum epochs
 * @param seed random seed (initialisation, shuffling, dropout)
 * @param batchSize sequences per batch
 * @param learningRate Adam learning rate
 * @param patience epochs without a gain in valid NDCG@10 before stopping early
 * @param initialCheckpoint checkpoint to start from (the pre-trained model when transferring), or
 *     null to train from scratch
 * @param overrides other hyper-parameters by name (e.g. {@code "dropout" -> "0.5"}), read by the
 *     trainer; unknown names must be rejected there as invalid input
 */
public record TrainingConfig(
    TrainingMode mode,
    int epochs,
    long seed,
    int batchSize,
    double learningRate,
    int patience,
    Checkpoint initialCheckpoint,
    Map<String, String> overrides) {
  public TrainingConfig {
    Objects.requireNonNull(mode, "mode");
    overrides = Maps.sortedCopy(overrides, "overrides");
    if (epochs < 1 || batchSize < 1 || patience < 1) {
      throw new IllegalArgumentException(
          "epochs, batchSize and patience must be positive: "
              + epochs
              + ", "
              + batchSize
              + ", "
              + patience);
    }
  }

  /** The same config starting from another checkpoint. */
  public TrainingConfig withInitialCheckpoint(Checkpoint checkpoint) {
    return new TrainingConfig(
        mode, epochs, seed, batchSize, learningRate, patience, checkpoint, overrides);
  }
}
