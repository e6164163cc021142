package io.missrec.app.recommend;

import io.missrec.model.serve.ExposureStats;
import io.missrec.workflows.payload.RecommendationSet;
import java.util.Locale;

/**
 * The line every recommend path prints about its lists: how they spread over the catalogue, and
 * whose interests they used.
 */
public final class Coverage {
  private Coverage() {}

  /**
   * E.g. {@code catalogue coverage 1221 of 1585 items (77.0 %), exposure Gini 0.62, 31.4 % of slots
   * to the most popular tenth; interests from the checkpoint}.
   *
   * @param storedInterests whether the checkpoint's interests were used
   */
  public static String describe(ExposureStats stats, boolean storedInterests) {
    return String.format(
        Locale.ROOT,
        "catalogue coverage %d of %d items (%.1f %%), exposure Gini %.2f, %.1f %% of slots to"
            + " the most popular tenth; interests from the %s",
        stats.distinctItems(),
        stats.catalogue(),
        100 * stats.coverage(),
        stats.gini(),
        100 * stats.headShare(),
        storedInterests ? "checkpoint" : "dataset (discovered)");
  }

  /** The same line for lists a workflow stored. */
  public static String describe(RecommendationSet lists) {
    return describe(of(lists), lists.storedInterests());
  }

  /** The figures a workflow's lists carry. */
  public static ExposureStats of(RecommendationSet lists) {
    return new ExposureStats(
        lists.users(),
        lists.slots(),
        lists.items(),
        lists.distinctItems(),
        lists.exposureGini(),
        lists.headShare());
  }
}
