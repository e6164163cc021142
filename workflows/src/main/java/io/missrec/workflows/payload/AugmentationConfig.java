package io.missrec.workflows.payload;

/**
 * Contrastive view generation (spec, component 2).
 *
 * @param itemDropProbability chance that a view uses item drop rather than word drop (0.9)
 * @param itemKeepProbability chance to keep each item under item drop, the first item is always
 *     kept (0.8)
 * @param wordDropRate share of words dropped before re-encoding the text (0.15)
 * @param seed random seed, so the same config gives the same views
 */
public record AugmentationConfig(
    double itemDropProbability, double itemKeepProbability, double wordDropRate, long seed) {
  /** The released code's values. */
  public static AugmentationConfig defaults(long seed) {
    return new AugmentationConfig(0.9, 0.8, 0.15, seed);
  }
}
