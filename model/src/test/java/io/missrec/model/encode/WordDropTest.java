package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordDropTest {

  static final String TITLE =
      "Digital Caliper 0-6 inch stainless steel electronic vernier caliper with LCD screen and"
          + " extra battery. Industrial & Scientific Test Measurement Calipers. Neiko.";

  @Test
  void sameSeedSameResultOtherSeedOtherResult() {
    WordDrop drop = new WordDrop();
    List<String> texts = List.of(TITLE, TITLE + " again", "short text here");

    assertThat(drop.apply(texts, 7)).isEqualTo(drop.apply(texts, 7));
    assertThat(drop.apply(texts, 7)).isNotEqualTo(drop.apply(texts, 8));
  }

  @Test
  void anItemsDropDependsOnlyOnSeedAndIndex() {
    WordDrop drop = new WordDrop();
    List<String> a = drop.apply(List.of(TITLE, "first other"), 3);
    List<String> b = drop.apply(List.of(TITLE, "second other text"), 3);

    assertThat(a.get(0)).isEqualTo(b.get(0));
    assertThat(drop.apply(TITLE, 3, 0)).isEqualTo(a.get(0));
  }

  @Test
  void dropsAboutFifteenPercentOfWordsKeepingTheirOrder() {
    WordDrop drop = new WordDrop();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      texts.add(TITLE);
    }
    int words = TITLE.split("\\s+").length;

    List<String> dropped = drop.apply(texts, 42);

    long kept = dropped.stream().mapToLong(t -> t.split(" ").length).sum();
    double rate = 1 - kept / (double) (words * texts.size());
    assertThat(rate).isCloseTo(0.15, within(0.015));
    List<String> original = Arrays.asList(TITLE.split("\\s+"));
    for (String text : dropped.subList(0, 20)) {
      assertThat(original).containsSubsequence(text.split(" "));
    }
  }

  @Test
  void neverEmptiesATextAndLeavesMissingTextsMissing() {
    WordDrop heavy = new WordDrop(0.95);
    for (long seed = 0; seed < 200; seed++) {
      String out = heavy.apply("one two three", seed, 0);
      assertThat(out).isNotBlank();
      assertThat(List.of("one", "two", "three")).containsAll(List.of(out.split(" ")));
      assertThat(heavy.apply("alone", seed, 0)).isEqualTo("alone");
    }
    assertThat(new WordDrop().apply(Arrays.asList(null, "  "), 1)).containsExactly(null, "  ");
  }

  @Test
  void rejectsRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> new WordDrop(1.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WordDrop(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WordDrop(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
