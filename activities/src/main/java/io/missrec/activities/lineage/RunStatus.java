package io.missrec.activities.lineage;

import java.util.Locale;

/** Lifecycle of a lineage run; the names match the {@code run_status_ck} constraint. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** The value stored in the database. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
