package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterestIndexTest {

  // 4 items; item 1 has no image. Tokens: text 0..3 (items 0..3), image 4..6 (items 0, 2, 3).
  private static final TokenLayout LAYOUT =
      TokenLayout.of(
          List.of("text", "image"),
          List.of(new boolean[4], new boolean[] {false, true, false, false}));
  // item 0 -> (2, 5), item 1 -> (5), item 2 -> (1, 2), item 3 -> (3, 3)
  private static final int[] ASSIGNMENT = {2, 5, 1, 3, 5, 2, 3};
  private static final InterestIndex INDEX = InterestIndex.of(LAYOUT, ASSIGNMENT, 6);

  @Test
  void itemsSeeTheirTokensInterestsInModalityOrder() {
    assertThat(INDEX.itemInterests(0)).containsExactly(2, 5);
    assertThat(INDEX.itemInterests(1)).containsExactly(5);
    assertThat(INDEX.itemInterests(2)).containsExactly(1, 2);
    assertThat(INDEX.itemInterests(3)).containsExactly(3, 3);
    assertThat(INDEX.numInterests()).isEqualTo(6);
    assertThat(INDEX.assignment()).containsExactly(ASSIGNMENT);
  }

  @Test
  void sequenceIsDeduplicatedByLastOccurrence() {
    // Occurrences: 2 5 | 5 | 1 2 | 3 3 | 2 5 | 1 2 -> last positions 3:6, 5:8, 1:9, 2:10.
    int[] history = {0, 1, 2, 3, 0, 2};
    assertThat(INDEX.interestSequence(history, 50)).containsExactly(3, 5, 1, 2);
    assertThat(INDEX.interestSequence(history, 2)).containsExactly(1, 2);
    assertThat(INDEX.interestSequence(new int[] {3}, 50)).containsExactly(3);
    assertThat(INDEX.interestSequence(new int[0], 50)).isEmpty();
  }

  @Test
  void matchesANaiveLastOccurrenceDeduplication() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int[] history = random.ints(random.nextInt(12), 0, 4).toArray();
      int cap = 1 + random.nextInt(5);
      List<Integer> occurrences = new ArrayList<>();
      for (int item : history) {
        for (int interest : INDEX.itemInterests(item)) {
          occurrences.add(interest);
        }
      }
      LinkedHashSet<Integer> lastOrder = new LinkedHashSet<>();
      for (int interest : occurrences) {
        lastOrder.remove(interest);
        lastOrder.add(interest);
      }
      List<Integer> expected = new ArrayList<>(lastOrder);
      expected = expected.subList(Math.max(0, expected.size() - cap), expected.size());

      assertThat(INDEX.interestSequence(history, cap))
          .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> INDEX.interestSequence(new int[] {0, 4}, 5))
        .hasMessageContaining("history position 1 holds item 4");
    assertThatThrownBy(() -> INDEX.interestSequence(new int[] {0}, 0))
        .hasMessageContaining("maxInterests");
    assertThatThrownBy(() -> InterestIndex.of(LAYOUT, new int[] {0, 1}, 3))
        .hasMessageContaining("2 tokens, layout has 7");
    assertThatThrownBy(() -> InterestIndex.of(LAYOUT, ASSIGNMENT, 5))
        .hasMessageContaining("token 1 is assigned to interest 5");
  }
}
