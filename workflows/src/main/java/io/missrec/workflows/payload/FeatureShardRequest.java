package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * One shard of an encoder-based feature extraction: items {@code [firstItem, endItem)} of a
 * snapshot, one modality, one encoder.
 *
 * @param dataset the ingested snapshot
 * @param modality modality name, e.g. "text"
 * @param encoder encoder id (never {@code precomputed:...}: imports are not sharded)
 * @param firstItem first item index of the shard (inclusive)
 * @param endItem end item index of the shard (exclusive)
 */
public record FeatureShardRequest(
    DatasetRef dataset, String modality, String encoder, int firstItem, int endItem) {
  public FeatureShardRequest {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(encoder, "encoder");
    if (firstItem < 0 || endItem <= firstItem) {
      throw new IllegalArgumentException(
          "items [" + firstItem + ", " + endItem + "): need 0 <= firstItem < endItem");
    }
  }
}
