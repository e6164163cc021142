package io.missrec.activities.reports;

import java.util.Map;
import java.util.TreeMap;

/**
 * One epoch of a training run as the report shows it.
 *
 * @param epoch 1-based epoch
 * @param loss mean training loss, NaN when not recorded
 * @param valid validation metrics of the epoch, e.g. {@code NDCG@10}
 */
public record EpochPoint(int epoch, double loss, Map<String, Double> valid) {
  public EpochPoint {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch " + epoch + " < 1");
    }
    valid = java.util.Collections.unmodifiableMap(new TreeMap<>(valid));
  }
}
