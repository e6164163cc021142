package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmTextEncoderTest {

  static final List<String> TITLES =
      List.of(
          "PORTER-CABLE 740000801 4 1/2-Inch x 10yd 80 Grit Adhesive-Backed Sanding Roll.",
          "Digital Caliper 0-6 inch stainless steel electronic vernier caliper with LCD screen",
          "Nitrile exam gloves, powder free, large, box of 100",
          "3D printer PLA filament 1.75mm, 1kg spool, black",
          "Safety goggles anti-fog clear lens",
          "pH test strips 0-14 universal indicator paper, 100 strips",
          "Lab beaker set borosilicate glass 50ml 100ml 250ml 500ml",
          "",
          "a");

  static MiniLmTextEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = new MiniLmTextEncoder(4, 1);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void vectorsAre384DimensionalFiniteAndUnitLength() {
    float[][] vectors = encoder.encode(TITLES);

    assertThat(encoder.dim()).isEqualTo(384);
    assertThat(vectors).hasNumberOfRows(TITLES.size());
    for (float[] v : vectors) {
      assertThat(v).hasSize(384);
      double norm = 0;
      for (float x : v) {
        assertThat(Float.isFinite(x)).isTrue();
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
    }
    assertThat(encoder.id()).startsWith("all-MiniLM-L6-v2-q@").contains("max256");
  }

  @Test
  void sameTextGivesIdenticalVectorAndBatchMatesDoNotMatter() {
    String text = TITLES.get(1);
    float[] alone = encoder.encode(List.of(text))[0];
    float[] again = encoder.encode(List.of(text))[0];
    assertThat(again).containsExactly(alone);

    // The same text among batch mates of other lengths, in a 3-worker encoder with batch 2.
    List<String> mixed = new ArrayList<>(TITLES);
    mixed.add(0, text);
    mixed.add(text);
    try (MiniLmTextEncoder parallel = new MiniLmTextEncoder(2, 3)) {
      float[][] inBatch = parallel.encode(mixed);
      assertThat(parallel.id()).isEqualTo(encoder.id());
      assertThat(inBatch[0]).containsExactly(alone, within(1e-5f));
      assertThat(inBatch[mixed.size() - 1]).containsExactly(alone, within(1e-5f));
      float[][] sequential = encoder.encode(mixed);
      for (int i = 0; i < mixed.size(); i++) {
        assertThat(inBatch[i]).containsExactly(sequential[i], within(1e-5f));
      }
    }
  }

  @Test
  void paraphrasedTitlesAreCloserThanAnUnrelatedOne() {
    float[][] v =
        encoder.encode(
            List.of(
                "Digital caliper, 6 inch, stainless steel, LCD display",
                "Electronic vernier caliper 150 mm with digital readout",
                "Nitrile disposable gloves, powder free, box of 100"));

    double paraphrase = dot(v[0], v[1]);
    double unrelated = dot(v[0], v[2]);
    assertThat(paraphrase).isGreaterThan(unrelated + 0.2);
  }

  @Test
  void matchesTheLangchain4jWrapperOfTheSameModel() {
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    List<String> texts = TITLES.subList(0, 4);
    float[][] ours = encoder.encode(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] theirs = reference.embed(texts.get(i)).content().vector();
      assertThat(dot(ours[i], theirs)).isGreaterThan(0.9999);
    }
  }

  @Test
  void rejectsNonPositiveSettings() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MiniLmTextEncoder(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
