package io.missrec.activities.lineage;

/**
 * A write contradicts what lineage already holds, e.g. a write-once param re-logged with another
 * value. Retrying will not help: the caller's inputs differ from the first attempt's.
 */
public class LineageConflictException extends LineageStoreException {
  public LineageConflictException(String message) {
    super(message);
  }
}
