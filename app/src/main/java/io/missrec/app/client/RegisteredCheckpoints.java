package io.missrec.app.client;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.app.registry.ModelRef;
import io.missrec.app.registry.ModelRegistry;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.TrainingMode;
import java.util.Locale;
import java.util.Map;

/** Finds the checkpoint of a registered model version in the lineage store. */
final class RegisteredCheckpoints {
  private final LineageStore lineage;

  RegisteredCheckpoints(LineageStore lineage) {
    this.lineage = lineage;
  }

  /**
   * The version's checkpoint as a payload. The registry keeps neither the epoch nor the valid
   * metrics, so those are 0 and empty (fine-tuning reads only the artifact; the transfer's workflow
   * id keys on its digest); the mode is the producing run's.
   *
   * @throws IllegalArgumentException when there is no such version
   */
  Checkpoint of(ModelRef ref) {
    ModelVersion version = new ModelRegistry(lineage).version(ref);
    ArtifactRef artifact =
        lineage
            .findArtifact(version.checkpointUri())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "model version "
                            + ref
                            + ": checkpoint "
                            + version.checkpointUri()
                            + " is not a recorded artifact"));
    String mode = lineage.params(version.runId()).getOrDefault("mode", "inductive");
    return new Checkpoint(
        new io.missrec.workflows.payload.ArtifactRef(
            artifact.uri(), artifact.sha256(), artifact.sizeBytes(), ArtifactKind.CHECKPOINT),
        0,
        TrainingMode.valueOf(mode.toUpperCase(Locale.ROOT)),
        Map.of());
  }
}
