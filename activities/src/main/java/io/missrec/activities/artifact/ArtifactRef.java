package io.missrec.activities.artifact;

import java.util.Objects;

/**
 * A stored, content-addressed artifact: {@code s3://<bucket>/<kind>/<sha256>}.
 *
 * @param sha256 lowercase hex digest of the content
 * @param sizeBytes content length
 */
public record ArtifactRef(
    String bucket, ArtifactKind kind, String sha256, long sizeBytes, String mediaType) {
  public ArtifactRef {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(kind, "kind");
    Sha256.requireHex(sha256, "artifact sha256");
    Objects.requireNonNull(mediaType, "mediaType");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes " + sizeBytes + " < 0");
    }
  }

  /** Object key inside the bucket. */
  public String key() {
    return kind.id() + "/" + sha256;
  }

  public String uri() {
    return "s3://" + bucket + "/" + key();
  }
}
