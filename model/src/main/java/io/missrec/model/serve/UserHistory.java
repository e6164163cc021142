package io.missrec.model.serve;

import io.missrec.model.data.Domain;
import io.missrec.model.data.UserSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a user is served from: the latest sequence the domain knows for them.
 *
 * @param user internal user index
 * @param items internal item indexes, oldest first, ending with the user's latest interaction
 */
public record UserHistory(int user, int[] items) {

  public UserHistory {
    if (items.length == 0) {
      throw new IllegalArgumentException("user " + user + ": empty history");
    }
  }

  /**
   * Each user's test example with its target appended: everything up to the latest interaction. The
   * readers keep the last {@code maxLen} items before each target, so this is the latest {@code
   * maxLen + 1} at most; users without a test example (one interaction) are left out.
   */
  public static List<UserHistory> latest(Domain domain) {
    List<UserHistory> out = new ArrayList<>(domain.splits().test().size());
    for (UserSequence example : domain.splits().test()) {
      int[] history = example.history();
      int[] items = Arrays.copyOf(history, history.length + 1);
      items[history.length] = example.target();
      out.add(new UserHistory(example.user(), items));
    }
    return out;
  }
}
