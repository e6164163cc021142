package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * A dataset, either as the caller names it (raw files, {@code sha256} may be null when not pinned)
 * or as an ingested snapshot (content-addressed, {@code sha256} always set).
 *
 * @param uri folder or archive holding the dataset files, e.g. {@code file:///data/scientific/} or
 *     {@code s3://missrec/datasets/<sha256>/}
 * @param sha256 lowercase hex SHA-256 over the dataset files (see the ingest activity for the exact
 *     definition), or null for a raw source whose digest the caller does not know
 * @param name domain name, e.g. "Scientific"
 * @param format file layout, e.g. "unisrec" or "recbole-atomic" (see the datasets README)
 */
public record DatasetRef(String uri, String sha256, String name, String format) {
  public DatasetRef {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
  }
}
