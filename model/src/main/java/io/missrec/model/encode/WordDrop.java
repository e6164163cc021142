package io.missrec.model.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded word dropping for the word-dropped text view of augmentation (MISSRec: 15% of the words of
 * an item text dropped before encoding).
 *
 * <p>Each whitespace-separated word is dropped independently with probability {@link #rate()}; if
 * that would drop every word, one word (chosen by the same random stream) is kept. The random
 * stream of item {@code i} depends only on the seed and {@code i}, so an item's dropped text does
 * not change with the other items.
 */
public final class WordDrop {

  public static final double DEFAULT_RATE = 0.15;

  private final double rate;

  public WordDrop() {
    this(DEFAULT_RATE);
  }

  /**
   * @param rate probability of dropping each word, in {@code [0, 1)}
   */
  public WordDrop(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("word drop rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  public double rate() {
    return rate;
  }

  /**
   * Drops words of every text.
   *
   * @param texts item texts by internal index; null and blank stay as they are (missing)
   * @param seed seed of this view
   * @return the word-dropped texts, same size and order
   */
  public List<String> apply(List<String> texts, long seed) {
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(apply(texts.get(i), seed, i));
    }
    return out;
  }

  /**
   * Drops words of one text.
   *
   * @param text the text, or null
   * @param seed seed of this view
   * @param item index of the item, mixed into the seed
   * @return the kept words joined by single spaces; null or blank input unchanged
   */
  public String apply(String text, long seed, long item) {
    if (text == null || text.isBlank()) {
      return text;
    }
    String[] words = text.strip().split("\\s+");
    SplittableRandom random = new SplittableRandom(mix(seed, item));
    StringBuilder kept = new StringBuilder(text.length());
    for (String word : words) {
      if (random.nextDouble() >= rate) {
        if (kept.length() > 0) {
          kept.append(' ');
        }
        kept.append(word);
      }
    }
    return kept.length() > 0 ? kept.toString() : words[random.nextInt(words.length)];
  }

  /** A well-spread stream seed per (seed, item): golden-ratio step then SplitMix64 finaliser. */
  private static long mix(long seed, long item) {
    long z = seed + (item + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
