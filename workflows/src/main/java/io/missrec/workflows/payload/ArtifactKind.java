package io.missrec.workflows.payload;

/** What an artifact holds; lineage and the artifact store key on it. */
public enum ArtifactKind {
  DATASET_SNAPSHOT,
  FEATURES,
  AUGMENTED_VIEWS,
  INTEREST_ASSIGNMENTS,
  CHECKPOINT,
  /** Adam's moments and step counts after an epoch, for an exact resume. */
  OPTIMIZER_STATE,
  EVALUATION_REPORT,
  /** Top-K lists for a dataset's users, JSON Lines. */
  RECOMMENDATIONS
}
