package io.missrec.model.encode;

import io.missrec.model.data.FeatureTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of encoded feature tables, one file per key in a directory.
 *
 * <p>File layout (little-endian): magic {@code "MRFC"}, int version, int numItems, int dim, {@code
 * numItems * dim} float32 values (row-major), {@code numItems} mask bytes (1 = missing), then the
 * 32-byte SHA-256 of everything before it. Entries are written to a temporary file and renamed into
 * place, so a crash never leaves a half-written entry under a key; an entry whose size or digest
 * does not check out is reported as a miss, and the next {@link #store} overwrites it.
 */
public final class FeatureCache {

  private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);
  private static final int MAGIC = 0x4346524d; // "MRFC" read as a little-endian int
  private static final int VERSION = 1;
  private static final int HEADER_BYTES = 16;
  private static final int DIGEST_BYTES = 32;
  private static final String SUFFIX = ".f32";

  private final Path directory;

  public FeatureCache(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /**
   * The cache key of encoding {@code texts} with one encoder: SHA-256 hex over the encoder id, the
   * dimension and every text in order (length-prefixed, so boundaries are unambiguous; null and
   * blank texts, which are not encoded, share one marker).
   */
  public static String key(String encoderId, int dim, List<String> texts) {
    MessageDigest sha = sha256();
    updateString(sha, encoderId);
    sha.update(ByteBuffer.allocate(8).putInt(dim).putInt(texts.size()).array());
    for (String text : texts) {
      if (text == null || text.isBlank()) {
        sha.update(ByteBuffer.allocate(4).putInt(-1).array());
      } else {
        updateString(sha, text);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The file that holds (or would hold) the entry {@code key}. */
  public Path file(String key) {
    if (!key.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a cache key (64 hex digits): " + key);
    }
    return directory.resolve(key + SUFFIX);
  }

  /**
   * Reads the entry {@code key}.
   *
   * @param modality modality name given to the returned table
   * @return the table, or empty when there is no entry or it is corrupt (logged)
   */
  public Optional<FeatureTable> load(String key, String modality) {
    Path file = file(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read feature cache entry " + file, e);
    }
    String problem = check(bytes);
    if (problem != null) {
      LOG.warn("feature cache entry {} is corrupt ({}); treating it as a miss", file, problem);
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    in.position(8);
    int numItems = in.getInt();
    int dim = in.getInt();
    float[] values = new float[numItems * dim];
    in.asFloatBuffer().get(values);
    in.position(HEADER_BYTES + values.length * Float.BYTES);
    boolean[] missing = new boolean[numItems];
    for (int i = 0; i < numItems; i++) {
      missing[i] = in.get() != 0;
    }
    return Optional.of(new FeatureTable(modality, numItems, dim, values, missing));
  }

  /** Writes {@code table} as the entry {@code key}, atomically replacing any previous entry. */
  public void store(String key, FeatureTable table) {
    Path file = file(key);
    byte[] bytes = serialise(table);
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, key, ".tmp");
      try {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        moveIntoPlace(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write feature cache entry " + file, e);
    }
  }

  private static void moveIntoPlace(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static byte[] serialise(FeatureTable table) {
    int payload = HEADER_BYTES + table.values().length * Float.BYTES + table.numItems();
    ByteBuffer out = ByteBuffer.allocate(payload + DIGEST_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putInt(VERSION).putInt(table.numItems()).putInt(table.dim());
    out.asFloatBuffer().put(table.values());
    out.position(HEADER_BYTES + table.values().length * Float.BYTES);
    for (boolean missing : table.missing()) {
      out.put((byte) (missing ? 1 : 0));
    }
    MessageDigest sha = sha256();
    sha.update(out.array(), 0, payload);
    out.put(sha.digest());
    return out.array();
  }

  /** Returns why {@code bytes} is not a valid entry, or null when it is. */
  private static String check(byte[] bytes) {
    if (bytes.length < HEADER_BYTES + DIGEST_BYTES) {
      return "only " + bytes.length + " bytes";
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (in.getInt() != MAGIC || in.getInt() != VERSION) {
      return "bad magic or version";
    }
    long numItems = in.getInt();
    long dim = in.getInt();
    long expected = HEADER_BYTES + numItems * dim * Float.BYTES + numItems + DIGEST_BYTES;
    if (numItems <= 0 || dim <= 0 || expected != bytes.length) {
      return "size " + bytes.length + " does not match " + numItems + " x " + dim;
    }
    MessageDigest sha = sha256();
    sha.update(bytes, 0, bytes.length - DIGEST_BYTES);
    byte[] stored = Arrays.copyOfRange(bytes, bytes.length - DIGEST_BYTES, bytes.length);
    return MessageDigest.isEqual(sha.digest(), stored) ? null : "SHA-256 mismatch";
  }

  private static void updateString(MessageDigest sha, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(utf8.length).array());
    sha.update(utf8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
