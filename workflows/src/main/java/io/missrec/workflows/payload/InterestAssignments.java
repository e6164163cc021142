package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/**
 * Token-to-interest assignments over the item tokens of the listed datasets.
 *
 * @param assignments artifact: per dataset, modality and item, the interest index of that token,
 *     plus the interest centres
 * @param datasets dataset names, in the order their tokens were laid out
 * @param numTokens tokens clustered
 * @param numInterests interests found (K_c)
 */
public record InterestAssignments(
    ArtifactRef assignments, List<String> datasets, int numTokens, int numInterests) {
  public InterestAssignments {
    Objects.requireNonNull(assignments, "assignments");
    datasets = List.copyOf(datasets);
  }
}
