package io.missrec.activities.artifact;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Content-addressed, write-once artifact storage. Objects live under {@code <kind>/<sha256>}; a
 * second put of the same content returns the existing reference without uploading. Reads verify the
 * sha256 and throw {@link ArtifactIntegrityException} on a mismatch.
 */
public interface ArtifactStore {

  /** Stores a file (streamed; large files go multipart) and returns its reference. */
  ArtifactRef put(ArtifactKind kind, Path file, String mediaType);

  /** Stores in-memory content and returns its reference. */
  ArtifactRef put(ArtifactKind kind, byte[] content, String mediaType);

  /**
   * Opens an artifact for reading; the digest is checked when the stream reaches its end, where a
   * mismatch throws {@link ArtifactIntegrityException}. The caller closes the stream.
   */
  InputStream open(String uri);

  default InputStream open(ArtifactRef ref) {
    return open(ref.uri());
  }

  /** Downloads to {@code target} (atomically, after verifying the digest) and returns it. */
  Path download(String uri, Path target);

  default Path download(ArtifactRef ref, Path target) {
    return download(ref.uri(), target);
  }

  /** Reads a whole (small) artifact into memory, verified. */
  byte[] readAllBytes(String uri);

  boolean exists(String uri);

  default boolean exists(ArtifactRef ref) {
    return exists(ref.uri());
  }

  /**
   * Deletes the stored bytes (retention; see {@code artifact prune}). Idempotent: removing an
   * absent object is not an error. Callers record the removal in lineage in the same transaction
   * ({@code ArtifactRetention.removeIfIntermediate}).
   */
  void remove(String uri);

  /** Re-reads the stored bytes and throws {@link ArtifactIntegrityException} if they changed. */
  void verify(String uri);

  default void verify(ArtifactRef ref) {
    verify(ref.uri());
  }
}
