package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactUri;
import java.sql.Timestamp;
import java.time.Instant;

/** Column conversions shared by the JDBC stores of this package. */
final class JdbcValues {
  private JdbcValues() {}

  /** An {@code artifact} row (its URI names bucket, kind and digest) as a reference. */
  static ArtifactRef artifact(String uri, String sha256, long sizeBytes, String mediaType) {
    ArtifactUri parsed = ArtifactUri.parse(uri);
    return new ArtifactRef(parsed.bucket(), parsed.kind(), sha256, sizeBytes, mediaType);
  }

  /** A nullable {@code timestamptz} column as an {@link Instant}. */
  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
