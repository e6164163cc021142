package io.missrec.workflows.payload;

import java.util.Objects;

/** Input of view generation for one dataset. */
public record AugmentationRequest(
    DatasetRef dataset, FeatureSet features, FeatureSpec spec, AugmentationConfig config) {
  public AugmentationRequest {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(config, "config");
  }
}
