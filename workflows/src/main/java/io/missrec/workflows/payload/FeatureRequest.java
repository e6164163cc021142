package io.missrec.workflows.payload;

import java.util.Objects;

/** Input of feature extraction: a snapshot and which encoders to use. */
public record FeatureRequest(DatasetRef dataset, FeatureSpec spec) {
  public FeatureRequest {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(spec, "spec");
  }
}
