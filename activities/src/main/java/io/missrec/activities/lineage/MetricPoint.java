package io.missrec.activities.lineage;

import java.util.Objects;

/**
 * One metric value at one step (epoch or global step). (run, key, step) is recorded at most once.
 */
public record MetricPoint(String key, double value, long step) {
  public MetricPoint {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("metric key is empty");
    }
    if (step < 0) {
      throw new IllegalArgumentException("metric " + key + ": step " + step + " < 0");
    }
  }
}
