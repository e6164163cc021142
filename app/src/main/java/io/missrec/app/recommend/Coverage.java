package io.missrec.app.recommend;

import java.util.Locale;

/** The line every recommend path prints about its lists: catalogue coverage, interests used. */
public final class Coverage {
  private Coverage() {}

  /**
   * E.g. {@code catalogue coverage 1221 of 1585 items (77.0 %); interests from the checkpoint}.
   *
   * @param distinct items listed for at least one user
   * @param items items in the catalogue
   * @param storedInterests whether the checkpoint's interests were used
   */
  public static String describe(int distinct, int items, boolean storedInterests) {
    return String.format(
        Locale.ROOT,
        "catalogue coverage %d of %d items (%.1f %%); interests from the %s",
        distinct,
        items,
        100.0 * distinct / items,
        storedInterests ? "checkpoint" : "dataset (discovered)");
  }
}
