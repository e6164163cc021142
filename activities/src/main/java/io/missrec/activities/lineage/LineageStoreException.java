package io.missrec.activities.lineage;

/**
 * A lineage write or read failed; the message names the operation and, when known, the constraint.
 */
public class LineageStoreException extends RuntimeException {
  public LineageStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public LineageStoreException(String message) {
    super(message);
  }
}
