package io.missrec.activities.metrics;

import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStatus;
import java.util.List;
import java.util.Map;

/** Sends everything to each sink in order; the first failure propagates. */
public final class CompositeMetricsSink implements MetricsSink {
  private final List<MetricsSink> sinks;

  public CompositeMetricsSink(List<MetricsSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public TrackedRun open(RunRecord run) {
    List<TrackedRun> runs = sinks.stream().map(sink -> sink.open(run)).toList();
    return new TrackedRun() {
      @Override
      public void logParams(Map<String, String> params) {
        runs.forEach(r -> r.logParams(params));
      }

      @Override
      public void logMetrics(List<MetricPoint> points) {
        runs.forEach(r -> r.logMetrics(points));
      }

      @Override
      public void setTags(Map<String, String> tags) {
        runs.forEach(r -> r.setTags(tags));
      }

      @Override
      public void finish(RunStatus status) {
        runs.forEach(r -> r.finish(status));
      }
    };
  }
}
