package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/**
 * Assembles a {@link FeatureSet} from shards: the encoder-based modalities of {@code spec} come
 * from {@code shards}, which must cover every item exactly once; precomputed ones are imported as
 * {@code extract} would.
 */
public record FeatureMergeRequest(DatasetRef dataset, FeatureSpec spec, List<FeatureShard> shards) {
  public FeatureMergeRequest {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(spec, "spec");
    shards = List.copyOf(shards);
  }
}
