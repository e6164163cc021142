package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/** Input of interest discovery: cluster the item tokens of all these datasets together. */
public record InterestRequest(List<FeatureSet> features, InterestConfig config) {
  public InterestRequest {
    features = List.copyOf(features);
    Objects.requireNonNull(config, "config");
  }
}
