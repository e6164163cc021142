package io.missrec.activities.metrics;

import io.missrec.activities.lineage.RunRecord;

/** Where training and evaluation report params, per-epoch metrics and tags. */
public interface MetricsSink {

  /**
   * Opens the tracking run for a lineage run. Opening the same lineage run again (an activity
   * retry) continues the same tracking run where the backend allows it.
   */
  TrackedRun open(RunRecord run);
}
