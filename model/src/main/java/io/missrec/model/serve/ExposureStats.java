package io.missrec.model.serve;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How a set of top-K lists spreads its slots over the catalogue, the figures a team watches between
 * model versions besides accuracy: a model that drifts towards a few popular items keeps its Recall
 * but loses coverage and gains Gini and head share.
 *
 * @param users lists
 * @param slots list entries in all
 * @param catalogue items in the catalogue
 * @param distinctItems items listed for at least one user
 * @param gini Gini index of the items' slot counts over the whole catalogue, unlisted items
 *     included: 0 when every item fills as many slots, (n - 1) / n when one item fills them all
 * @param headShare the share of slots given to the most popular tenth of the catalogue (by
 *     occurrences in the served histories, ties to the lower index): about 0.1 for lists that
 *     ignore popularity, 1 for lists of the most popular items only
 */
public record ExposureStats(
    int users, long slots, int catalogue, int distinctItems, double gini, double headShare) {

  public ExposureStats {
    if (catalogue < 1 || distinctItems < 0 || distinctItems > catalogue) {
      throw new IllegalArgumentException(
          distinctItems + " distinct items in a catalogue of " + catalogue);
    }
  }

  /** {@code distinctItems / catalogue}. */
  public double coverage() {
    return (double) distinctItems / catalogue;
  }

  /** The head: the most popular {@code ceil(catalogue / 10)} items. */
  public static int headSize(int catalogue) {
    return (catalogue + 9) / 10;
  }

  /**
   * @param catalogue items in the catalogue; every listed index must be below it
   * @param users the histories the lists were computed from (their items count as popularity)
   * @param lists one list per history
   */
  public static ExposureStats of(
      int catalogue, List<UserHistory> users, List<Recommendation> lists) {
    if (users.size() != lists.size()) {
      throw new IllegalArgumentException(users.size() + " users but " + lists.size() + " lists");
    }
    long[] exposure = new long[catalogue];
    long slots = 0;
    for (Recommendation list : lists) {
      for (int item : list.items()) {
        exposure[item]++;
      }
      slots += list.items().length;
    }
    long[] popularity = new long[catalogue];
    for (UserHistory user : users) {
      for (int item : user.items()) {
        popularity[item]++;
      }
    }
    int distinct = (int) Arrays.stream(exposure).filter(c -> c > 0).count();
    if (slots == 0) {
      return new ExposureStats(users.size(), 0, catalogue, 0, 0, 0);
    }
    long headSlots =
        IntStream.range(0, catalogue)
            .boxed()
            .sorted(
                (a, b) ->
                    popularity[a] != popularity[b]
                        ? Long.compare(popularity[b], popularity[a])
                        : Integer.compare(a, b))
            .limit(headSize(catalogue))
            .mapToLong(i -> exposure[i])
            .sum();
    return new ExposureStats(
        users.size(),
        slots,
        catalogue,
        distinct,
        gini(exposure, slots),
        (double) headSlots / slots);
  }

  /** {@code sum_i (2i - n - 1) x_(i) / (n sum x)} over the counts in ascending order, i from 1. */
  private static double gini(long[] counts, long total) {
    long[] sorted = counts.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
    }
    return weighted / ((double) n * total);
  }
}
