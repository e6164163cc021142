package io.missrec.workflows.activities;

import io.missrec.workflows.payload.FeatureMergeRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureShard;
import io.missrec.workflows.payload.FeatureShardRequest;
import io.temporal.activity.ActivityInterface;

/**
 * Frozen item features. Runs on the CPU queue.
 *
 * <p>Implementations must be idempotent (a feature table is keyed by dataset sha256 and encoder id,
 * and an existing one is returned as is) and heartbeat at least every 30 s while encoding, since
 * encoding a large catalogue takes minutes.
 */
@ActivityInterface(namePrefix = "Feature")
public interface FeatureActivities {

  /**
   * Encodes every item per modality with the frozen encoder of the spec, or imports the dataset's
   * precomputed feature file where the spec says {@code precomputed:<suffix>}. Items missing a
   * modality get an all-zero row.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INVALID_INPUT} for an
   *     unknown encoder or a missing precomputed file, {@link ActivityErrors#DATA_FORMAT} for a
   *     file of the wrong size
   */
  FeatureSet extract(FeatureRequest request);

  /**
   * Encodes the items {@code [firstItem, endItem)} of one encoder-based modality and stores them as
   * a partial table. The artifact depends on the texts and the encoder only, so a retry or a rerun
   * stores the same object, and within one workflow a repeated call returns the recorded shard.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INVALID_INPUT} for a
   *     precomputed or unknown encoder, a range beyond the catalogue, or a dataset without texts
   */
  FeatureShard extractShard(FeatureShardRequest request);

  /**
   * Assembles the shards into the same {@link FeatureSet} that {@link #extract} gives for the spec
   * (bit for bit), after checking that each encoder-based modality's shards cover every item
   * exactly once; lineage gets an edge from every shard to its table.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INVALID_INPUT} for a gap,
   *     an overlap, a wrong item count or shards of another encoder or modality
   */
  FeatureSet mergeShards(FeatureMergeRequest request);
}
