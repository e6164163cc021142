package io.missrec.workflows.activities;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Optional;

/**
 * Failure types that activities raise and workflows never retry: retrying cannot help because the
 * input itself is wrong. Temporal compares these strings with a failure's type, which is the type
 * given to {@link ApplicationFailure} or, for any other exception, its fully qualified class name.
 * Activity implementations therefore either throw through the factories here or let one of the
 * listed exception classes propagate. Every other exception is retried with backoff.
 */
public final class ActivityErrors {
  /** The request is wrong: a missing file, an unknown format or hyper-parameter, a bad config. */
  public static final String INVALID_INPUT = "InvalidInputException";

  /** A stored artifact's bytes do not match the sha256 its reference carries. */
  public static final String DIGEST_MISMATCH = "DigestMismatchException";

  /** A checkpoint does not fit the features or mode (other widths, modalities or item count). */
  public static final String INCOMPATIBLE_CHECKPOINT = "IncompatibleCheckpointException";

  /** Training produced a non-finite loss; a retry with the same seed would do the same. */
  public static final String TRAINING_DIVERGED = "TrainingDivergedException";

  /** A data file is malformed (the model module's exception, when thrown as is). */
  public static final String DATA_FORMAT = "io.missrec.model.data.DataFormatException";

  /** All of the above, for {@code RetryOptions.setDoNotRetry}. */
  public static final List<String> NON_RETRYABLE =
      List.of(
          INVALID_INPUT, DIGEST_MISMATCH, INCOMPATIBLE_CHECKPOINT, TRAINING_DIVERGED, DATA_FORMAT);

  /** The types above that say the request was wrong, not the system: the user's to fix. */
  public static final List<String> INPUT =
      List.of(INVALID_INPUT, DATA_FORMAT, INCOMPATIBLE_CHECKPOINT);

  private ActivityErrors() {}

  /**
   * The first application failure of an {@link #INPUT} type among {@code failure} and its causes (a
   * workflow's failure wraps its activity's).
   */
  public static Optional<ApplicationFailure> inputFailure(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure f && INPUT.contains(f.getType())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public static ApplicationFailure invalidInput(String message, Throwable cause) {
    return ApplicationFailure.newNonRetryableFailureWithCause(message, INVALID_INPUT, cause);
  }

  public static ApplicationFailure invalidInput(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID_INPUT);
  }

  public static ApplicationFailure digestMismatch(String uri, String expected, String actual) {
    return ApplicationFailure.newNonRetryableFailure(
        uri + ": sha256 " + actual + " but the reference says " + expected, DIGEST_MISMATCH);
  }

  public static ApplicationFailure incompatibleCheckpoint(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INCOMPATIBLE_CHECKPOINT);
  }

  public static ApplicationFailure trainingDiverged(int epoch, double loss) {
    return ApplicationFailure.newNonRetryableFailure(
        "loss " + loss + " at epoch " + epoch, TRAINING_DIVERGED);
  }
}
