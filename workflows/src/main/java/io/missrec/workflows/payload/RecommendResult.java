package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * The recommendation workflow's result.
 *
 * @param snapshot the dataset snapshot the lists were computed from
 * @param recommendations the stored lists
 */
public record RecommendResult(DatasetRef snapshot, RecommendationSet recommendations) {
  public RecommendResult {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(recommendations, "recommendations");
  }
}
