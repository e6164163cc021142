package io.missrec.activities.artifact;

import java.util.Locale;

/**
 * What an artifact is; the first path segment of its object key and one of the values allowed by
 * {@code artifact_kind_ck}.
 */
public enum ArtifactKind {
  DATASET_SNAPSHOT,
  FEATURE_TABLE,
  AUGMENTATION_VIEWS,
  INTEREST_ASSIGNMENTS,
  CHECKPOINT,
  /** Adam's moments and step counts after an epoch, for an exact resume. */
  OPTIMIZER_STATE,
  EVALUATION_REPORT,
  RUN_REPORT,
  MODEL_CARD,
  /** A frozen encoder (ONNX or TorchScript) uploaded for pipelines to name by URI. */
  ENCODER_MODEL,
  /** Top-K lists for a dataset's users, JSON Lines. */
  RECOMMENDATIONS,
  OTHER;

  /** Lowercase id used in keys, URIs and the database, e.g. {@code feature_table}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ArtifactKind fromId(String id) {
    for (ArtifactKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown artifact kind '" + id + "'");
  }
}
