package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.Splits;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextViewsTest {

  @TempDir Path dir;

  static Domain domain(int items, List<String> texts) {
    List<String> ids = IntStream.range(0, items).mapToObj(i -> "item" + i).toList();
    return new Domain(
        "Toy", ids, texts, Map.of(), List.of("u"), new Splits(List.of(), List.of(), List.of()));
  }

  @Test
  void wordDroppedViewEncodesTheDroppedTextsAndIsCachedPerSeed() {
    List<String> texts =
        Arrays.asList(
            "digital caliper six inch stainless steel with lcd screen",
            null,
            "nitrile gloves powder free large box of one hundred");
    Domain domain = domain(3, texts);
    FeatureCache cache = new FeatureCache(dir);
    CountingEncoder encoder = new CountingEncoder();
    TextViews views = new TextViews(new TextFeatureExtractor(encoder, cache), new WordDrop());

    FeatureTable view = views.wordDropped(domain, 11);

    assertThat(view.modality()).isEqualTo(TextViews.WORD_DROPPED);
    assertThat(view.missing()).containsExactly(false, true, false);
    List<String> dropped = new WordDrop().apply(texts, 11);
    assertThat(view.row(0)).isEqualTo(new CountingEncoder().encode(List.of(dropped.get(0)))[0]);
    assertThat(encoder.texts).hasValue(2);

    FeatureTable again = views.wordDropped(domain, 11);
    assertThat(encoder.texts).hasValue(2);
    assertThat(again.values()).containsExactly(view.values());

    views.wordDropped(domain, 12);
    assertThat(encoder.texts).hasValue(4);
  }

  @Test
  void domainWithoutTextsIsRejectedByName() {
    Domain noTexts = domain(2, List.of());
    TextViews views =
        new TextViews(new TextFeatureExtractor(new CountingEncoder()), new WordDrop());
    assertThatThrownBy(() -> views.wordDropped(noTexts, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Toy");
  }
}
