package io.missrec.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExposureStatsTest {

  @Test
  void evenExposureHasGiniZeroAndFullCoverage() {
    ExposureStats stats =
        ExposureStats.of(4, histories(2, new int[] {0}), List.of(list(0, 1), list(2, 3)));

    assertThat(stats.slots()).isEqualTo(4);
    assertThat(stats.distinctItems()).isEqualTo(4);
    assertThat(stats.coverage()).isEqualTo(1.0);
    assertThat(stats.gini()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void giniFollowsTheClosedFormOverTheWholeCatalogue() {
    // slot counts [2, 2, 0, 0]: sorted [0, 0, 2, 2], (1*2 + 3*2) / (4 * 4) = 0.5
    ExposureStats half =
        ExposureStats.of(4, histories(2, new int[] {3}), List.of(list(0, 1), list(1, 0)));
    assertThat(half.gini()).isCloseTo(0.5, within(1e-12));
    assertThat(half.coverage()).isEqualTo(0.5);
    // every slot to one item of four: (n - 1) / n
    ExposureStats one =
        ExposureStats.of(4, histories(4, new int[] {3}), Collections.nCopies(4, list(2)));
    assertThat(one.gini()).isCloseTo(0.75, within(1e-12));
    assertThat(one.distinctItems()).isEqualTo(1);
  }

  @Test
  void headShareCountsSlotsOfTheMostPopularTenth() {
    // 20 items: the head is the 2 most seen (7 seen three times, 5 twice, ties to the lower index)
    List<UserHistory> users =
        List.of(
            new UserHistory(0, new int[] {7, 5, 7}),
            new UserHistory(1, new int[] {7, 5, 9}),
            new UserHistory(2, new int[] {1, 2, 3}));
    ExposureStats stats =
        ExposureStats.of(20, users, List.of(list(7, 5, 0, 1), list(7, 2, 3, 4), list(9, 8, 6, 5)));

    assertThat(ExposureStats.headSize(20)).isEqualTo(2);
    assertThat(stats.headShare()).isCloseTo(4.0 / 12, within(1e-12));
    assertThat(ExposureStats.headSize(1585)).isEqualTo(159);
  }

  @Test
  void emptyListsAndMismatchedInputs() {
    ExposureStats none = ExposureStats.of(3, histories(1, new int[] {0}), List.of(list()));
    assertThat(none.slots()).isZero();
    assertThat(none.gini()).isZero();
    assertThat(none.headShare()).isZero();
    assertThatThrownBy(() -> ExposureStats.of(3, histories(2, new int[] {0}), List.of(list(1))))
        .hasMessageContaining("2 users but 1 lists");
  }

  private static List<UserHistory> histories(int n, int[] items) {
    return java.util.stream.IntStream.range(0, n).mapToObj(u -> new UserHistory(u, items)).toList();
  }

  private static Recommendation list(int... items) {
    return new Recommendation(items, new float[items.length]);
  }
}
