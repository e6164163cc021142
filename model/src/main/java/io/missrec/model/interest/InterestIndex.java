package io.missrec.model.interest;

import java.util.Arrays;

/**
 * Token-to-interest assignment seen from items: which interests each item's tokens belong to, and
 * the interest sequence {@code beta_1..beta_M} of an item history.
 */
public final class InterestIndex {

  private final TokenLayout layout;
  private final int[] assignment;
  private final int numInterests;
  private final int[][] itemInterests; // [item] -> interest of each present token, modality order

  private InterestIndex(TokenLayout layout, int[] assignment, int numInterests) {
    this.layout = layout;
    this.assignment = assignment.clone();
    this.numInterests = numInterests;
    itemInterests = new int[layout.numItems()][];
    int[] buffer = new int[layout.numModalities()];
    for (int item = 0; item < layout.numItems(); item++) {
      int count = 0;
      for (int m = 0; m < layout.numModalities(); m++) {
        int token = layout.token(m, item);
        if (token >= 0) {
          buffer[count++] = assignment[token];
        }
      }
      itemInterests[item] = Arrays.copyOf(buffer, count);
    }
  }

  /**
   * @param layout the token layout the clustering ran on
   * @param assignment interest id in {@code [0, numInterests)} per token (length {@code T})
   * @param numInterests number of interests {@code K_c}
   */
  public static InterestIndex of(TokenLayout layout, int[] assignment, int numInterests) {
    if (assignment.length != layout.numTokens()) {
      throw new IllegalArgumentException(
          "assignment has " + assignment.length + " tokens, layout has " + layout.numTokens());
    }
    if (numInterests < 1) {
      throw new IllegalArgumentException("numInterests must be >= 1, got " + numInterests);
    }
    for (int token = 0; token < assignment.length; token++) {
      if (assignment[token] < 0 || assignment[token] >= numInterests) {
        throw new IllegalArgumentException(
            "token "
                + token
                + " is assigned to interest "
                + assignment[token]
                + ", outside [0, "
                + numInterests
                + ")");
      }
    }
    return new InterestIndex(layout, assignment, numInterests);
  }

  /** Index of a DPC-KNN result computed over {@code layout}'s tokens. */
  public static InterestIndex of(TokenLayout layout, DpcKnnResult clustering) {
    return of(layout, clustering.assignment(), clustering.numClusters());
  }

  public TokenLayout layout() {
    return layout;
  }

  /** Number of interests {@code K_c}. */
  public int numInterests() {
    return numInterests;
  }

  /** Interest id per token (length {@code T}); a copy. */
  public int[] assignment() {
    return assignment.clone();
  }

  /** Interests of {@code item}'s tokens in modality order (may repeat, empty if all missing). */
  public int[] itemInterests(int item) {
    return itemInterests[item].clone();
  }

  /**
   * De-duplicated interests of a history, ordered by their last occurrence (the most recent last),
   * keeping only the last {@code maxInterests}. Within one item, tokens occur in modality order.
   *
   * @param itemHistory item indices, oldest first, without padding
   * @param maxInterests cap {@code M}, at least 1
   * @return at most {@code maxInterests} distinct interest ids
   */
  public int[] interestSequence(int[] itemHistory, int maxInterests) {
    if (maxInterests < 1) {
      throw new IllegalArgumentException("maxInterests must be >= 1, got " + maxInterests);
    }
    for (int h = 0; h < itemHistory.length; h++) {
      if (itemHistory[h] < 0 || itemHistory[h] >= itemInterests.length) {
        throw new IllegalArgumentException(
            "history position "
                + h
                + " holds item "
                + itemHistory[h]
                + ", outside [0, "
                + itemInterests.length
                + ")");
      }
    }
    // Walk backwards: the first time an interest is met is its last occurrence.
    int[] reversed = new int[Math.min(maxInterests, numInterests)];
    int count = 0;
    for (int h = itemHistory.length - 1; h >= 0 && count < reversed.length; h--) {
      int[] interests = itemInterests[itemHistory[h]];
      for (int t = interests.length - 1; t >= 0 && count < reversed.length; t--) {
        if (!contains(reversed, count, interests[t])) {
          reversed[count++] = interests[t];
        }
      }
    }
    int[] sequence = new int[count];
    for (int i = 0; i < count; i++) {
      sequence[i] = reversed[count - 1 - i];
    }
    return sequence;
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }
}
