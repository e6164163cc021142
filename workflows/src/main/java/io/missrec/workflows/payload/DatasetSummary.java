package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * What validation found in a dataset snapshot.
 *
 * @param dataset the validated snapshot
 * @param users number of users
 * @param items number of items
 * @param interactions number of interactions
 */
public record DatasetSummary(DatasetRef dataset, int users, int items, long interactions) {
  public DatasetSummary {
    Objects.requireNonNull(dataset, "dataset");
  }
}
