package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * An immutable artifact in the artifact store. Payloads carry these references, never the bytes.
 *
 * @param uri where the bytes are, e.g. {@code s3://missrec/features/<sha256>.f32}
 * @param sha256 lowercase hex SHA-256 of the bytes; readers must verify it
 * @param sizeBytes size of the bytes
 * @param kind what the artifact holds
 */
public record ArtifactRef(String uri, String sha256, long sizeBytes, ArtifactKind kind) {
  public ArtifactRef {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(kind, "kind");
  }
}
