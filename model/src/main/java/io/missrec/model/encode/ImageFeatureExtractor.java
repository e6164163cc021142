package io.missrec.model.encode;

import io.missrec.model.data.FeatureTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns item images into a frozen {@link FeatureTable}: listed files are decoded and encoded in
 * chunks by an {@link ImageEncoder}; an item with no image, a missing file or a file that does not
 * decode gets an all-zero row flagged missing, and the reason is logged and returned.
 *
 * <p>With a {@link FeatureCache}, the table is keyed by the encoder id and the SHA-256 of every
 * image file's bytes (not its path), so renaming files keeps the cache and editing one misses it.
 */
public final class ImageFeatureExtractor {

  private static final Logger LOG = LoggerFactory.getLogger(ImageFeatureExtractor.class);

  /** Images decoded and handed to the encoder per call; bounds the decoded images held. */
  public static final int DEFAULT_CHUNK_SIZE = 64;

  private final FrozenEncoder<BufferedImage> encoder;
  private final FeatureCache cache;
  private final int chunkSize;

  /** An extractor of {@value #DEFAULT_CHUNK_SIZE} images per encoder call. */
  public ImageFeatureExtractor(FrozenEncoder<BufferedImage> encoder, FeatureCache cache) {
    this(encoder, cache, DEFAULT_CHUNK_SIZE);
  }

  /**
   * @param encoder the frozen image encoder
   * @param cache where tables are kept between runs, or null for none
   * @param chunkSize images decoded and encoded per encoder call
   */
  public ImageFeatureExtractor(
      FrozenEncoder<BufferedImage> encoder, FeatureCache cache, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
    }
    this.encoder = encoder;
    this.cache = cache;
    this.chunkSize = chunkSize;
  }

  public FrozenEncoder<BufferedImage> encoder() {
    return encoder;
  }

  /** {@link #extract(List, List, String)} with modality {@link FeatureTable#IMAGE}. */
  public Extraction extract(List<String> itemIds, List<Path> images) {
    return extract(itemIds, images, FeatureTable.IMAGE);
  }

  /**
   * Encodes one image per item.
   *
   * @param itemIds external item id per internal index, for messages
   * @param images image file per internal index, null where the item has none
   * @param modality name of the returned table
   * @return the table, shape {@code (items, encoder.dim())}, with timing and the reason each
   *     missing row is missing
   */
  public Extraction extract(List<String> itemIds, List<Path> images, String modality) {
    return extract(itemIds, images, modality, null);
  }

  /**
   * Like {@link #extract(List, List, String)}, but an image whose bytes {@code previous} encoded
   * (by their digest) takes its row from there instead of being decoded and encoded again: a
   * catalogue read again after items were added (a server following its dataset) encodes only the
   * new images.
   *
   * @param previous an earlier extraction with this extractor's encoder, or null
   */
  public Extraction extract(
      List<String> itemIds, List<Path> images, String modality, Extraction previous) {
    if (images.isEmpty() || images.size() != itemIds.size()) {
      throw new IllegalArgumentException(
          "need one image entry per item: " + images.size() + " for " + itemIds.size() + " items");
    }
    long started = System.nanoTime();
    Map<String, String> reasons = new LinkedHashMap<>();
    List<String> digests = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      digests.add(digest(itemIds.get(i), images.get(i), reasons));
    }
    int dim = encoder.dim();
    String key = cache == null ? null : FeatureCache.key(encoder.id(), dim, digests);
    Optional<FeatureTable> cached = key == null ? Optional.empty() : cache.load(key, modality);
    if (cached.isPresent() && cached.get().numItems() == images.size()) {
      FeatureTable table = cached.get();
      for (int i = 0; i < images.size(); i++) {
        if (table.missing()[i]) {
          reasons.putIfAbsent(itemIds.get(i), "image did not decode (cached result)");
        }
      }
      return Extraction.of(table, 0, true, reasons, digests, started);
    }
    Map<String, Integer> known = new HashMap<>();
    if (previous != null && previous.table().dim() == dim) {
      for (int i = 0; i < previous.digests().size(); i++) {
        String digest = previous.digests().get(i);
        if (digest != null && !previous.table().missing()[i]) {
          known.putIfAbsent(digest, i);
        }
      }
    }
    float[] values = new float[images.size() * dim];
    boolean[] missing = new boolean[images.size()];
    List<Integer> present = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      missing[i] = digests.get(i) == null;
      Integer row = missing[i] ? null : known.get(digests.get(i));
      if (row != null) {
        System.arraycopy(previous.table().values(), row * dim, values, i * dim, dim);
      } else if (!missing[i]) {
        present.add(i);
      }
    }
    int encoded = 0;
    for (int start = 0; start < present.size(); start += chunkSize) {
      List<Integer> rows = new ArrayList<>();
      List<BufferedImage> decoded = new ArrayList<>();
      for (int i : present.subList(start, Math.min(present.size(), start + chunkSize))) {
        BufferedImage image = decode(itemIds.get(i), images.get(i), reasons);
        if (image == null) {
          missing[i] = true;
        } else {
          rows.add(i);
          decoded.add(image);
        }
      }
      if (decoded.isEmpty()) {
        continue;
      }
      float[][] vectors = encoder.encode(decoded);
      if (vectors.length != decoded.size()) {
        throw new IllegalStateException(
            encoder.id() + " returned " + vectors.length + " vectors for " + decoded.size());
      }
      for (int j = 0; j < vectors.length; j++) {
        if (vectors[j].length != dim) {
          throw new IllegalStateException(
              encoder.id() + " returned a " + vectors[j].length + "-d vector, expected " + dim);
        }
        System.arraycopy(vectors[j], 0, values, rows.get(j) * dim, dim);
      }
      encoded += vectors.length;
    }
    FeatureTable table = new FeatureTable(modality, images.size(), dim, values, missing);
    if (key != null) {
      cache.store(key, table);
    }
    LOG.info(
        "image features: {} of {} items encoded, {} missing",
        encoded,
        images.size(),
        reasons.size());
    return Extraction.of(table, encoded, false, reasons, digests, started);
  }

  /** SHA-256 hex of the file, or null (reason recorded) when there is no readable file. */
  private static String digest(String itemId, Path image, Map<String, String> reasons) {
    if (image == null) {
      reasons.put(itemId, "no image listed");
      LOG.debug("item {}: no image listed", itemId);
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(image);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchFileException e) {
      return problem(itemId, "image file not found: " + image, reasons);
    } catch (IOException e) {
      return problem(itemId, "cannot read image file " + image + ": " + e.getMessage(), reasons);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The decoded image, or null (reason recorded) when the file is not an image ImageIO reads. */
  private static BufferedImage decode(String itemId, Path file, Map<String, String> reasons) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        problem(itemId, "not a decodable image (no ImageIO reader): " + file, reasons);
      } else if (image.getWidth() < 1 || image.getHeight() < 1) {
        problem(itemId, "empty image: " + file, reasons);
        image = null;
      }
      return image;
    } catch (IOException | RuntimeException e) {
      problem(itemId, "image does not decode: " + file + ": " + e, reasons);
      return null;
    }
  }

  private static String problem(String itemId, String reason, Map<String, String> reasons) {
    LOG.warn("item {}: {}; its image feature is marked missing", itemId, reason);
    reasons.put(itemId, reason);
    return null;
  }

  /**
   * Result of one extraction.
   *
   * @param table the features
   * @param encoded images actually run through the encoder (0 on a cache hit)
   * @param fromCache whether the table was read from the cache
   * @param missingReasons item id to why its row is missing, in item order
   * @param digests the sha256 of each item's image bytes, null where it has none
   * @param seconds wall time of the extraction, hashing and cache look-up included
   */
  public record Extraction(
      FeatureTable table,
      int encoded,
      boolean fromCache,
      Map<String, String> missingReasons,
      List<String> digests,
      double seconds) {

    static Extraction of(
        FeatureTable table,
        int encoded,
        boolean fromCache,
        Map<String, String> reasons,
        List<String> digests,
        long startedNanos) {
      return new Extraction(
          table,
          encoded,
          fromCache,
          java.util.Collections.unmodifiableMap(reasons),
          java.util.Collections.unmodifiableList(new ArrayList<>(digests)),
          (System.nanoTime() - startedNanos) / 1e9);
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
