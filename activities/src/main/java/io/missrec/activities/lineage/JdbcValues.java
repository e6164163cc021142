package io.missrec.activities.lineage;

import java.sql.Timestamp;
import java.time.Instant;

/** Column conversions shared by the JDBC stores of this package. */
final class JdbcValues {
  private JdbcValues() {}

  /** A nullable {@code timestamptz} column as an {@link Instant}. */
  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
