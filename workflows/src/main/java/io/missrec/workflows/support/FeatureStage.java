package io.missrec.workflows.support;

import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.payload.DatasetSummary;
import io.missrec.workflows.payload.FeatureMergeRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureShard;
import io.missrec.workflows.payload.FeatureShardRequest;
import io.missrec.workflows.payload.FeatureSpec;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The features stage of one snapshot, in workflow code: a catalogue larger than the shard size has
 * its encoder-based modalities extracted in shards by parallel activities and then merged;
 * everything else (small catalogues, precomputed features only) is one {@code extract} call.
 */
public final class FeatureStage {
  /** Change id of the sharded path; histories recorded before it replay the single call. */
  public static final String SHARDING_CHANGE = "sharded-features";

  private FeatureStage() {}

  /** Whether this execution may shard (call once, from the workflow thread, before the stage). */
  public static boolean shardingEnabled() {
    return Workflow.getVersion(SHARDING_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** The feature set of a validated snapshot, sharded when {@link #plan} gives shards. */
  public static FeatureSet extract(
      FeatureActivities features, DatasetSummary snapshot, FeatureSpec spec, int shardItems) {
    List<FeatureShardRequest> plan = plan(snapshot, spec, shardItems);
    if (plan.isEmpty()) {
      return features.extract(new FeatureRequest(snapshot.dataset(), spec));
    }
    List<FeatureShard> shards = Parallel.map(plan, features::extractShard);
    return features.mergeShards(new FeatureMergeRequest(snapshot.dataset(), spec, shards));
  }

  /**
   * Shards of {@code shardItems} items (the last one shorter) for every encoder-based modality, in
   * modality order; empty when the catalogue fits one shard or every modality is precomputed.
   */
  public static List<FeatureShardRequest> plan(
      DatasetSummary snapshot, FeatureSpec spec, int shardItems) {
    if (shardItems < 1) {
      throw new IllegalArgumentException("shardItems must be >= 1, got " + shardItems);
    }
    List<FeatureShardRequest> plan = new ArrayList<>();
    int items = snapshot.items();
    if (items <= shardItems) {
      return plan;
    }
    for (Map.Entry<String, String> entry : spec.encoders().entrySet()) {
      if (!FeatureSpec.encodesTexts(entry.getValue())) {
        continue;
      }
      for (int first = 0; first < items; first += shardItems) {
        plan.add(
            new FeatureShardRequest(
                snapshot.dataset(),
                entry.getKey(),
                entry.getValue(),
                first,
                Math.min(items, first + shardItems)));
      }
    }
    return plan;
  }
}
