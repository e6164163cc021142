package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * A registered model version.
 *
 * @param name model name
 * @param version version number within the name, from 1
 * @param checkpoint the registered checkpoint
 */
public record ModelVersion(String name, int version, Checkpoint checkpoint) {
  public ModelVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
