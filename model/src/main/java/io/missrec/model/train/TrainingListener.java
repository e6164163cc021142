package io.missrec.model.train;

/**
 * Side effects of training (progress output, heartbeats, checkpoints) hang here, not in the math.
 */
public interface TrainingListener {

  /** Called after every epoch, with the epoch's statistics; the model holds the epoch's weights. */
  default void onEpochEnd(EpochStats stats, MissRecModel model) {}

  /** A listener that does nothing. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
