package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.model.data.FeatureTable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeatureExtractorTest {

  @Test
  void missingTextsBecomeMaskedZeroRowsWithTheRealEncoder() {
    List<String> texts = Arrays.asList("Digital caliper 6 inch", null, "  ", "Safety goggles");
    try (MiniLmTextEncoder encoder = new MiniLmTextEncoder()) {
      TextFeatureExtractor.Extraction run = new TextFeatureExtractor(encoder).extract(texts);
      FeatureTable table = run.table();

      assertThat(table.modality()).isEqualTo(FeatureTable.TEXT);
      assertThat(table.numItems()).isEqualTo(4);
      assertThat(table.dim()).isEqualTo(384);
      assertThat(table.missing()).containsExactly(false, true, true, false);
      assertThat(table.row(1)).containsOnly(0f);
      assertThat(table.row(2)).containsOnly(0f);
      assertThat(table.row(0)).isEqualTo(encoder.encode(List.of(texts.get(0)))[0]);
      assertThat(table.row(3)).isEqualTo(encoder.encode(List.of(texts.get(3)))[0]);
      assertThat(run.encoded()).isEqualTo(2);
      assertThat(run.items()).isEqualTo(4);
      assertThat(run.fromCache()).isFalse();
      assertThat(run.seconds()).isPositive();
      assertThat(run.itemsPerSecond()).isEqualTo(4 / run.seconds());
    }
  }

  @Test
  void chunksOnlyPresentTextsAndPlacesRowsByItemIndex() {
    CountingEncoder encoder = new CountingEncoder();
    List<String> texts = Arrays.asList("a", null, "bb", "ccc", "", "dddd", "eeeee");

    FeatureTable chunked =
        new TextFeatureExtractor(encoder, null, 2).extract(texts, "custom").table();

    assertThat(encoder.callSizes).containsExactly(2, 2, 1);
    assertThat(chunked.modality()).isEqualTo("custom");
    FeatureTable whole = new TextFeatureExtractor(new CountingEncoder()).extract(texts).table();
    assertThat(chunked.values()).containsExactly(whole.values());
    assertThat(chunked.row(5)).isEqualTo(new CountingEncoder().encode(List.of("dddd"))[0]);
    assertThat(chunked.presentCount()).isEqualTo(5);
  }

  @Test
  void aCatalogueReadAgainEncodesOnlyItsNewTexts() {
    List<String> before = Arrays.asList("a", null, "bb", "ccc");
    TextFeatureExtractor.Extraction first =
        new TextFeatureExtractor(new CountingEncoder()).extract(before);
    // items added, one removed and the order changed: rows follow the texts, not the indexes
    List<String> after = Arrays.asList("ccc", "new one", "a", "", "another", "bb");
    CountingEncoder encoder = new CountingEncoder();

    TextFeatureExtractor.Extraction again =
        new TextFeatureExtractor(encoder)
            .extract(
                after, FeatureTable.TEXT, new TextFeatureExtractor.Previous(before, first.table()));

    assertThat(encoder.texts).as("only the two new texts are encoded").hasValue(2);
    assertThat(again.encoded()).isEqualTo(2);
    FeatureTable whole = new TextFeatureExtractor(new CountingEncoder()).extract(after).table();
    assertThat(again.table().values()).containsExactly(whole.values());
    assertThat(again.table().missing()).containsExactly(whole.missing());
  }

  @Test
  void allMissingGivesAnAllMaskedTableWithoutCallingTheEncoder() {
    CountingEncoder encoder = new CountingEncoder();
    FeatureTable table =
        new TextFeatureExtractor(encoder).extract(Arrays.asList(null, " ")).table();

    assertThat(table.missing()).containsExactly(true, true);
    assertThat(encoder.calls).hasValue(0);
  }

  @Test
  void rejectsAnEmptyTextList() {
    assertThatThrownBy(() -> new TextFeatureExtractor(new CountingEncoder()).extract(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
