package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * Stored top-K lists of one dataset's users.
 *
 * @param lists the JSON Lines artifact, one {@code {"user", "items", "scores"}} object per user
 * @param dataset dataset name
 * @param users users served
 * @param items items in the dataset's catalogue
 * @param distinctItems items listed for at least one user (catalogue coverage)
 * @param slots list entries in all
 * @param exposureGini Gini index of the items' slot counts over the catalogue (0: even exposure)
 * @param headShare share of the slots given to the most popular tenth of the catalogue
 * @param storedInterests whether the checkpoint's interests were used (else discovered on the
 *     dataset: a model serving a domain it was not trained on)
 */
public record RecommendationSet(
    ArtifactRef lists,
    String dataset,
    int users,
    int items,
    int distinctItems,
    long slots,
    double exposureGini,
    double headShare,
    boolean storedInterests) {
  public RecommendationSet {
    Objects.requireNonNull(lists, "lists");
    Objects.requireNonNull(dataset, "dataset");
  }
}
