package io.missrec.workflows.activities;

import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import io.temporal.activity.ActivityInterface;

/**
 * Brings datasets into the artifact store. Runs on the CPU queue.
 *
 * <p>Implementations must be idempotent: snapshots are content-addressed, so a retry or a second
 * pipeline over the same files yields the same {@link DatasetRef}.
 */
@ActivityInterface(namePrefix = "Dataset")
public interface DatasetActivities {

  /**
   * Copies the dataset's files into the artifact store as an immutable snapshot.
   *
   * @param source the raw dataset; when its sha256 is set, the files must hash to it, else fail
   *     with {@link ActivityErrors#DIGEST_MISMATCH}
   * @return the snapshot: its URI in the store and the sha256 over its files (each file's name and
   *     bytes, files sorted by name)
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INVALID_INPUT} when the
   *     source is missing or its format unknown
   */
  DatasetRef ingest(DatasetRef source);

  /**
   * Parses the snapshot and checks it is usable: ids resolve, splits are consistent, no empty
   * sequences. Read-only, so safe to retry.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#DATA_FORMAT} or {@link
   *     ActivityErrors#INVALID_INPUT} naming file, line and field of the first fault
   */
  DatasetSummary validate(DatasetRef snapshot);
}
