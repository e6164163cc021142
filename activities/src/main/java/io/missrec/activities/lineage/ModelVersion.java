package io.missrec.activities.lineage;

import java.time.Instant;
import java.util.Map;

/** A registered model version: a checkpoint artifact plus the run that made it. */
public record ModelVersion(
    String name,
    long version,
    String checkpointUri,
    long runId,
    ModelStage stage,
    Map<String, Double> metrics,
    Instant createdAt) {
  public ModelVersion {
    metrics = Map.copyOf(metrics);
  }
}
