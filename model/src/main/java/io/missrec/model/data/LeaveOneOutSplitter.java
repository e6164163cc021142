package io.missrec.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds leave-one-out splits from full time-ordered user sequences, the way RecBole/UniSRec do:
 * the last item is the test target, the second-last the valid target, and every shorter prefix
 * (length >= 1) predicts the item that follows it in training. Every history keeps only its last
 * {@code maxLen} items.
 *
 * <p>A user with exactly 2 interactions yields only a test example; a user with 1 yields none.
 */
public final class LeaveOneOutSplitter {

  private LeaveOneOutSplitter() {}

  /**
   * @param sequences one time-ordered item sequence per user; user index = list position
   * @param maxLen maximum history length
   */
  public static Splits split(List<int[]> sequences, int maxLen) {
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be >= 1: " + maxLen);
    }
    List<UserSequence> train = new ArrayList<>();
    List<UserSequence> valid = new ArrayList<>();
    List<UserSequence> test = new ArrayList<>();
    for (int user = 0; user < sequences.size(); user++) {
      int[] items = sequences.get(user);
      int n = items.length;
      for (int end = 1; end <= n - 3; end++) {
        train.add(example(user, items, end, maxLen));
      }
      if (n >= 3) {
        valid.add(example(user, items, n - 2, maxLen));
      }
      if (n >= 2) {
        test.add(example(user, items, n - 1, maxLen));
      }
    }
    return new Splits(train, valid, test);
  }

  /**
   * The example whose history is {@code items[..end)} (last maxLen) and target {@code items[end]}.
   */
  static UserSequence example(int user, int[] items, int end, int maxLen) {
    return new UserSequence(user, lastItems(items, end, maxLen), items[end]);
  }

  /** {@code items[..end)} truncated to its last {@code maxLen} entries. */
  static int[] lastItems(int[] items, int end, int maxLen) {
    return Arrays.copyOfRange(items, Math.max(0, end - maxLen), end);
  }
}
