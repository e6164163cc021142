package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * A partial feature table: rows {@code [firstItem, endItem)} of one modality, stored as its own
 * content-addressed artifact until {@code mergeShards} assembles the full table.
 *
 * @param modality modality name
 * @param encoder encoder id the rows were computed with
 * @param firstItem first item index (inclusive)
 * @param endItem end item index (exclusive)
 * @param dim feature width
 * @param table the partial table artifact ({@code endItem - firstItem} rows)
 */
public record FeatureShard(
    String modality, String encoder, int firstItem, int endItem, int dim, ArtifactRef table) {
  public FeatureShard {
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(table, "table");
  }
}
