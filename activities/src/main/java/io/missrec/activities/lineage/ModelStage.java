package io.missrec.activities.lineage;

import java.util.Locale;

/** Registry stage of a model version; the names match {@code model_version_stage_ck}. */
public enum ModelStage {
  NONE,
  CANDIDATE,
  PRODUCTION,
  ARCHIVED;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ModelStage fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
