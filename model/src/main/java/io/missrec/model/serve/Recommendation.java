package io.missrec.model.serve;

/**
 * One user's top-K list.
 *
 * @param items internal item indexes, best first (fewer than K when the user has seen nearly every
 *     item)
 * @param scores the fusion score of each listed item, non-increasing
 */
public record Recommendation(int[] items, float[] scores) {

  public Recommendation {
    if (items.length != scores.length) {
      throw new IllegalArgumentException(items.length + " items but " + scores.length + " scores");
    }
  }
}
