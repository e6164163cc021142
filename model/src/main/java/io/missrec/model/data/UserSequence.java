package io.missrec.model.data;

/**
 * One example: a user's time-ordered history and the item that follows it.
 *
 * @param user internal user index
 * @param history internal item indexes, oldest first (already truncated to the maximum length)
 * @param target the next item's internal index
 */
public record UserSequence(int user, int[] history, int target) {

  public UserSequence {
    if (history.length == 0) {
      throw new IllegalArgumentException("user " + user + ": empty history");
    }
  }
}
