package io.missrec.activities.metrics;

import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunStatus;
import java.util.List;
import java.util.Map;

/** One run in a metrics backend. */
public interface TrackedRun {

  void logParams(Map<String, String> params);

  /** Logs a batch of points, e.g. one epoch's losses and validation metrics. */
  void logMetrics(List<MetricPoint> points);

  /** Free-form labels, e.g. the workflow id or artifact URIs. */
  void setTags(Map<String, String> tags);

  /** Marks the run over in this backend. */
  void finish(RunStatus status);
}
