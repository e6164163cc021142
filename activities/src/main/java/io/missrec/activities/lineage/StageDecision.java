package io.missrec.activities.lineage;

/** Whether a requested stage change happened. */
public enum StageDecision {
  APPLIED,
  REFUSED;

  public String dbValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static StageDecision fromDb(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
