package io.missrec.activities.lineage;

import java.time.Instant;
import java.util.Locale;

/**
 * Why one attempt of a run failed ({@code run_failure}). A retried run reopens with the next
 * attempt number, so each attempt keeps its own cause.
 */
public record RunFailure(
    long runId, int attempt, RunFailure.Source source, String reason, Instant recordedAt) {

  /** Who marked the attempt failed; the names match {@code run_failure_source_ck}. */
  public enum Source {
    /** The activity caught the error and marked its own run failed. */
    ACTIVITY,
    /**
     * {@code missrec lineage reconcile} found the run's workflow closed while the run still said
     * running: its worker died before it could say anything.
     */
    RECONCILE;

    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Source fromDb(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
