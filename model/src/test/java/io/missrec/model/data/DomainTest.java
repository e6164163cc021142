package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainTest {

  private static FeatureTable table(String modality) {
    return new FeatureTable(modality, 2, 3, new float[6], new boolean[2]);
  }

  private static Domain domain(Map<String, FeatureTable> features) {
    return new Domain(
        "d",
        List.of("a", "b"),
        null,
        features,
        List.of("u"),
        new Splits(List.of(), List.of(), List.of()));
  }

  @Test
  void keepsItsModalitiesInOneOrderWhateverTheOrderGiven() {
    Map<String, FeatureTable> given = new LinkedHashMap<>();
    for (String modality : List.of("image", "video", "audio", "text")) {
      given.put(modality, table(modality));
    }
    assertThat(domain(given).features().keySet())
        .containsExactly("text", "image", "audio", "video");
  }

  @Test
  void aTableAddedLaterTakesItsPlaceInThatOrder() {
    Domain imageOnly = domain(Map.of("image", table("image")));
    assertThat(imageOnly.withFeature(table("text")).features().keySet())
        .containsExactly("text", "image");
  }
}
