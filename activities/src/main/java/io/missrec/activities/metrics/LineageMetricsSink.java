package io.missrec.activities.metrics;

import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * Writes params and metrics into the lineage database, so they are recorded even without MLflow.
 * Tags and run status are not written: artifact URIs are lineage edges already, and the run's
 * status belongs to the activity that started it ({@link LineageStore#failRun}).
 */
public final class LineageMetricsSink implements MetricsSink {
  private final LineageStore store;

  public LineageMetricsSink(LineageStore store) {
    this.store = store;
  }

  @Override
  public TrackedRun open(RunRecord run) {
    long runId = run.id();
    return new TrackedRun() {
      @Override
      public void logParams(Map<String, String> params) {
        store.recordParams(runId, params);
      }

      @Override
      public void logMetrics(List<MetricPoint> points) {
        store.recordMetrics(runId, points);
      }

      @Override
      public void setTags(Map<String, String> tags) {}

      @Override
      public void finish(RunStatus status) {}
    };
  }
}
