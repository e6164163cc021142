package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * Saved model parameters (and, for resumable checkpoints, optimizer state).
 *
 * @param artifact the parameter file
 * @param epoch epochs completed when it was saved (1-based; 0 = untrained)
 * @param mode the mode the model was trained in
 * @param validMetrics valid-split metrics at that epoch (e.g. "NDCG@10"), empty if not evaluated
 */
public record Checkpoint(
    ArtifactRef artifact, int epoch, TrainingMode mode, Map<String, Double> validMetrics) {
  public Checkpoint {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(mode, "mode");
    validMetrics = Maps.sortedCopy(validMetrics, "validMetrics");
  }
}
