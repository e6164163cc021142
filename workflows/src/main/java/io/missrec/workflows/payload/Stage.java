package io.missrec.workflows.payload;

/**
 * Pipeline stages, in the order they run (transfer skips augmentation, interests, pretraining; a
 * request that keeps its training intermediates skips clean-up; the recommendation workflow runs
 * ingest, features and recommendation).
 */
public enum Stage {
  STARTED,
  INGEST,
  FEATURES,
  AUGMENTATION,
  INTERESTS,
  PRETRAINING,
  FINE_TUNING,
  EVALUATION,
  REGISTRATION,
  CLEANUP,
  /** Top-K lists for the dataset's users (the recommendation workflow). */
  RECOMMENDATION,
  COMPLETED,
  FAILED;

  /** Whether training progress reports are accepted in this stage. */
  public boolean isTraining() {
    return this == PRETRAINING || this == FINE_TUNING;
  }
}
