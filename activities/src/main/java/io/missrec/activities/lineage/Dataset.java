package io.missrec.activities.lineage;

import io.missrec.activities.artifact.Sha256;
import java.util.Objects;

/**
 * A source dataset, identified by the sha256 of its canonical content.
 *
 * @param digest lowercase hex sha256 (64 chars)
 * @param name human name, e.g. {@code Scientific}
 * @param format reader format, e.g. {@code amazon-2018-seq}
 * @param uri where it was read from (file or s3 URI)
 */
public record Dataset(String digest, String name, String format, String uri) {
  public Dataset {
    Sha256.requireHex(digest, "dataset digest");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(uri, "uri");
  }
}
