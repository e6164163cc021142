package io.missrec.model.encode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reading and fingerprinting frozen encoder model files, with errors that name the file. */
final class ModelFiles {

  private ModelFiles() {}

  /** The file's bytes; a missing file is an {@link IllegalArgumentException} naming it. */
  static byte[] read(Path modelFile) {
    try {
      return Files.readAllBytes(modelFile);
    } catch (NoSuchFileException e) {
      throw notFound(modelFile, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image model file " + modelFile, e);
    }
  }

  /** The first 12 hex digits of the file's SHA-256, read in a stream (models can be large). */
  static String shortDigest(Path modelFile) {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(modelFile)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw notFound(modelFile, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image model file " + modelFile, e);
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
  }

  /** The first 12 hex digits of the bytes' SHA-256. */
  static String shortDigest(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 12);
  }

  private static IllegalArgumentException notFound(Path modelFile, Exception cause) {
    return new IllegalArgumentException("image model file not found: " + modelFile, cause);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
