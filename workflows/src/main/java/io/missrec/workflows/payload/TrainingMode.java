package io.missrec.workflows.payload;

/** Spec, component 8: whether the target domain's item ids are used. */
public enum TrainingMode {
  /** Content only, no item ids: cold-start capable. Pre-training always runs inductive. */
  INDUCTIVE,
  /** Content plus an id embedding per target item. */
  TRANSDUCTIVE
}
