package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * Input of fine-tuning on a target domain, from {@link TrainingConfig#initialCheckpoint()} (or from
 * scratch when that is null).
 */
public record FineTuneInput(TrainingDomain target, TrainingConfig config) {
  public FineTuneInput {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(config, "config");
  }
}
