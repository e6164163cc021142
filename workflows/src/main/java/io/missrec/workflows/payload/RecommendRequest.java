package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * What the recommendation workflow runs.
 *
 * @param model the registered version the checkpoint comes from, {@code name:version}, recorded as
 *     provenance (null for a checkpoint that is not registered)
 * @param checkpoint the model to serve
 * @param target the dataset whose users get lists (raw dataset, ingested like a transfer's target)
 * @param features encoders per modality (must match the model's)
 * @param top items per user, at least 1
 * @param excludeSeen leave out the items already in each user's history
 * @param featureShardItems items per feature shard, see {@link PipelineRequest#featureShardItems()}
 */
public record RecommendRequest(
    String model,
    Checkpoint checkpoint,
    DatasetRef target,
    FeatureSpec features,
    int top,
    boolean excludeSeen,
    int featureShardItems) {
  public RecommendRequest {
    featureShardItems = FeatureShards.shardItems(featureShardItems);
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(features, "features");
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1: " + top);
    }
  }
}
