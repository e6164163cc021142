package io.missrec.model.train;

/**
 * Side effects of training (progress output, heartbeats, checkpoints) hang here, not in the math.
 */
public interface TrainingListener {

  /** Called after every epoch, with the epoch's statistics; the model holds the epoch's weights. */
  default void onEpochEnd(EpochStats stats, MissRecModel model) {}

  /**
   * Called after every epoch, with the optimizer as it stands for the next epoch; what a resumable
   * checkpoint needs is the model's weights and {@code optimizer.state()}. Listeners only read the
   * optimizer. By default delegates to {@link #onEpochEnd(EpochStats, MissRecModel)}.
   */
  default void onEpochEnd(EpochStats stats, MissRecModel model, ResumableAdam optimizer) {
    onEpochEnd(stats, model);
  }

  /** A listener that does nothing. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
