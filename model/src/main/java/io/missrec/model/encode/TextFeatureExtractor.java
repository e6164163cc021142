package io.missrec.model.encode;

import io.missrec.model.data.FeatureTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns item texts into a frozen {@link FeatureTable}: present texts are encoded in chunks by a
 * {@link TextEncoder}; null or blank texts become all-zero rows flagged missing. With a {@link
 * FeatureCache}, a table already encoded for the same encoder and texts is read back instead and
 * the encoder is not called.
 */
public final class TextFeatureExtractor {

  /** Texts handed to the encoder per call; bounds the memory of one call. */
  public static final int DEFAULT_CHUNK_SIZE = 512;

  private final FrozenEncoder<String> encoder;
  private final FeatureCache cache;
  private final int chunkSize;

  /** An extractor without a cache. */
  public TextFeatureExtractor(FrozenEncoder<String> encoder) {
    this(encoder, null, DEFAULT_CHUNK_SIZE);
  }

  public TextFeatureExtractor(FrozenEncoder<String> encoder, FeatureCache cache) {
    this(encoder, cache, DEFAULT_CHUNK_SIZE);
  }

  /**
   * @param encoder the frozen text encoder
   * @param cache where tables are kept between runs, or null for none
   * @param chunkSize texts per encoder call
   */
  public TextFeatureExtractor(FrozenEncoder<String> encoder, FeatureCache cache, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
    }
    this.encoder = encoder;
    this.cache = cache;
    this.chunkSize = chunkSize;
  }

  public FrozenEncoder<String> encoder() {
    return encoder;
  }

  /** {@link #extract(List, String)} with modality {@link FeatureTable#TEXT}. */
  public Extraction extract(List<String> texts) {
    return extract(texts, FeatureTable.TEXT);
  }

  /**
   * Encodes one text per item.
   *
   * @param texts item texts by internal item index; null or blank means the item has no text
   * @param modality name of the returned table
   * @return the table, shape {@code (texts.size(), encoder.dim())}, with timing
   */
  public Extraction extract(List<String> texts, String modality) {
    return extract(texts, modality, null);
  }

  /**
   * An earlier extraction by this extractor's encoder: the texts and the table they gave.
   *
   * @param texts by item index of {@code table}
   */
  public record Previous(List<String> texts, FeatureTable table) {
    public Previous {
      if (texts.size() != table.numItems()) {
        throw new IllegalArgumentException(
            texts.size() + " texts for a table of " + table.numItems() + " rows");
      }
    }
  }

  /**
   * Encodes one text per item, taking the row of every text that {@code previous} holds from it
   * instead of running the encoder again: a catalogue read again after items were added (a server
   * following its dataset) encodes only the new texts.
   *
   * @param previous an earlier extraction with this encoder, or null
   */
  public Extraction extract(List<String> texts, String modality, Previous previous) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no texts to extract features from");
    }
    if (previous != null && previous.table().dim() != encoder.dim()) {
      throw new IllegalArgumentException(
          "the previous table is " + previous.table().dim() + "-d, the encoder " + encoder.dim());
    }
    long started = System.nanoTime();
    String key = cache == null ? null : FeatureCache.key(encoder.id(), encoder.dim(), texts);
    Optional<FeatureTable> cached = key == null ? Optional.empty() : cache.load(key, modality);
    if (cached.isPresent() && cached.get().numItems() == texts.size()) {
      return Extraction.of(cached.get(), 0, true, started);
    }
    Encoded encoded = encode(texts, modality, previous);
    if (key != null) {
      cache.store(key, encoded.table());
    }
    return Extraction.of(encoded.table(), encoded.count(), false, started);
  }

  private record Encoded(FeatureTable table, int count) {}

  private Encoded encode(List<String> texts, String modality, Previous previous) {
    int dim = encoder.dim();
    float[] values = new float[texts.size() * dim];
    boolean[] missing = new boolean[texts.size()];
    Map<String, Integer> known = new HashMap<>();
    if (previous != null) {
      for (int i = 0; i < previous.texts().size(); i++) {
        String text = previous.texts().get(i);
        if (text != null && !text.isBlank() && !previous.table().missing()[i]) {
          known.putIfAbsent(text, i);
        }
      }
    }
    List<Integer> rows = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      missing[i] = text == null || text.isBlank();
      if (missing[i]) {
        continue;
      }
      Integer row = known.get(text);
      if (row != null) {
        System.arraycopy(previous.table().values(), row * dim, values, i * dim, dim);
      } else {
        rows.add(i);
        present.add(text);
      }
    }
    for (int start = 0; start < present.size(); start += chunkSize) {
      int end = Math.min(present.size(), start + chunkSize);
      float[][] vectors = encoder.encode(present.subList(start, end));
      if (vectors.length != end - start) {
        throw new IllegalStateException(
            encoder.id() + " returned " + vectors.length + " vectors for " + (end - start));
      }
      for (int j = 0; j < vectors.length; j++) {
        if (vectors[j].length != dim) {
          throw new IllegalStateException(
              encoder.id() + " returned a " + vectors[j].length + "-d vector, expected " + dim);
        }
        System.arraycopy(vectors[j], 0, values, rows.get(start + j) * dim, dim);
      }
    }
    return new Encoded(
        new FeatureTable(modality, texts.size(), dim, values, missing), present.size());
  }

  /**
   * Result of one extraction.
   *
   * @param table the features
   * @param encoded texts actually run through the encoder (0 on a cache hit; those an earlier
   *     extraction held are not counted)
   * @param fromCache whether the table was read from the cache
   * @param seconds wall time of the extraction, cache look-up included
   */
  public record Extraction(FeatureTable table, int encoded, boolean fromCache, double seconds) {

    static Extraction of(FeatureTable table, int encoded, boolean fromCache, long startedNanos) {
      return new Extraction(table, encoded, fromCache, (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Rows of the table (items, present or missing). */
    public int items() {
      return table.numItems();
    }

    /** Items produced per second of wall time. */
    public double itemsPerSecond() {
      return seconds > 0 ? items() / seconds : Double.POSITIVE_INFINITY;
    }
  }
}
