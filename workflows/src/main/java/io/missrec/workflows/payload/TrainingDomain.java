package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * One dataset ready for training or evaluation.
 *
 * @param dataset the ingested snapshot
 * @param features its frozen item features
 * @param views its augmented views, or null where contrastive views are not used (fine-tuning,
 *     evaluation)
 */
public record TrainingDomain(DatasetRef dataset, FeatureSet features, AugmentedViews views) {
  public TrainingDomain {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(features, "features");
  }
}
