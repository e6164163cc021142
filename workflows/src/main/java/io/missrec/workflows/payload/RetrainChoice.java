package io.missrec.workflows.payload;

/** What a scheduled retrain decided. */
public enum RetrainChoice {
  /** The input data changed (or the model was never trained): run the pre-training pipeline. */
  RETRAIN,
  /** The input data is the one the last successful training used: nothing to do. */
  SKIP
}
