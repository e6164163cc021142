package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * Frozen item features of one dataset: one {@code [numItems, dim]} float32 table per modality, with
 * all-zero rows for items missing that modality.
 *
 * @param dataset name of the dataset the rows belong to (row i = item index i)
 * @param tables modality to feature table artifact
 * @param dims modality to feature width
 * @param numItems rows in every table
 */
public record FeatureSet(
    String dataset, Map<String, ArtifactRef> tables, Map<String, Integer> dims, int numItems) {
  public FeatureSet {
    Objects.requireNonNull(dataset, "dataset");
    tables = Maps.sortedCopy(tables, "tables");
    dims = Maps.sortedCopy(dims, "dims");
    if (!tables.keySet().equals(dims.keySet())) {
      throw new IllegalArgumentException(
          "tables " + tables.keySet() + " and dims " + dims.keySet() + " name other modalities");
    }
  }
}
