package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.model.data.FeatureTable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

  static final List<String> TEXTS = Arrays.asList("pipette tips", null, "lab coat", "beaker");

  @TempDir Path dir;

  @Test
  void keyCoversEncoderDimAndEveryTextInOrder() {
    String key = FeatureCache.key("enc/1", 8, List.of("a b", "c"));

    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(FeatureCache.key("enc/1", 8, List.of("a b", "c"))).isEqualTo(key);
    assertThat(FeatureCache.key("enc/2", 8, List.of("a b", "c"))).isNotEqualTo(key);
    assertThat(FeatureCache.key("enc/1", 16, List.of("a b", "c"))).isNotEqualTo(key);
    assertThat(FeatureCache.key("enc/1", 8, List.of("c", "a b"))).isNotEqualTo(key);
    assertThat(FeatureCache.key("enc/1", 8, List.of("a", "b c"))).isNotEqualTo(key);
    assertThat(FeatureCache.key("enc/1", 8, Arrays.asList("a b", null))).isNotEqualTo(key);
  }

  @Test
  void cachedExtractionCallsNoEncoderAndReturnsIdenticalFloats() {
    FeatureCache cache = new FeatureCache(dir.resolve("cache"));
    CountingEncoder first = new CountingEncoder();
    TextFeatureExtractor.Extraction built = new TextFeatureExtractor(first, cache).extract(TEXTS);
    assertThat(first.texts).hasValue(3);
    assertThat(built.fromCache()).isFalse();

    CountingEncoder second = new CountingEncoder();
    TextFeatureExtractor.Extraction hit =
        new TextFeatureExtractor(second, cache).extract(TEXTS, "renamed");

    assertThat(second.calls).hasValue(0);
    assertThat(hit.fromCache()).isTrue();
    assertThat(hit.encoded()).isZero();
    assertThat(hit.table().modality()).isEqualTo("renamed");
    assertThat(hit.table().values()).containsExactly(built.table().values());
    assertThat(hit.table().missing()).containsExactly(built.table().missing());
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void changedTextIsAMiss() {
    FeatureCache cache = new FeatureCache(dir);
    new TextFeatureExtractor(new CountingEncoder(), cache).extract(TEXTS);
    CountingEncoder encoder = new CountingEncoder();

    new TextFeatureExtractor(encoder, cache).extract(Arrays.asList("pipette tips", null, "x", "y"));

    assertThat(encoder.texts).hasValue(3);
  }

  @Test
  void flippedByteIsDetectedAndTheEntryRebuilt() throws IOException {
    FeatureCache cache = new FeatureCache(dir);
    FeatureTable original =
        new TextFeatureExtractor(new CountingEncoder(), cache).extract(TEXTS).table();
    Path file = cache.file(FeatureCache.key("counting-test-encoder/1", CountingEncoder.DIM, TEXTS));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(40); // inside the float values
      int b = raf.read();
      raf.seek(40);
      raf.write(b ^ 0x55);
    }
    assertThatEntryIsRebuilt(cache, file, original);
  }

  @Test
  void truncatedFileIsDetectedAndTheEntryRebuilt() throws IOException {
    FeatureCache cache = new FeatureCache(dir);
    FeatureTable original =
        new TextFeatureExtractor(new CountingEncoder(), cache).extract(TEXTS).table();
    Path file = cache.file(FeatureCache.key("counting-test-encoder/1", CountingEncoder.DIM, TEXTS));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatEntryIsRebuilt(cache, file, original);
  }

  private void assertThatEntryIsRebuilt(FeatureCache cache, Path file, FeatureTable original)
      throws IOException {
    String key = file.getFileName().toString().replace(".f32", "");
    assertThat(cache.load(key, "text")).isEmpty();

    CountingEncoder encoder = new CountingEncoder();
    TextFeatureExtractor.Extraction rebuilt =
        new TextFeatureExtractor(encoder, cache).extract(TEXTS);

    assertThat(encoder.texts).hasValue(3);
    assertThat(rebuilt.fromCache()).isFalse();
    assertThat(rebuilt.table().values()).containsExactly(original.values());
    FeatureTable reread = cache.load(key, "text").orElseThrow();
    assertThat(reread.values()).containsExactly(original.values());
    assertThat(tempFiles()).isEmpty();
  }

  private List<Path> tempFiles() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
