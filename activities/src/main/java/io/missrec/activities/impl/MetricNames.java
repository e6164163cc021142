package io.missrec.activities.impl;

import io.missrec.activities.reports.MetricLabels;
import java.util.Map;

/**
 * The model reports {@code recall@10}/{@code ndcg@10}; payloads show {@code Recall@10}/{@code
 * NDCG@10} ({@link MetricLabels}).
 */
final class MetricNames {
  static final String NDCG_10 = "NDCG@10";

  private MetricNames() {}

  static Map<String, Double> display(Map<String, Double> metrics) {
    return MetricLabels.display(metrics);
  }

  static String display(String key) {
    return MetricLabels.display(key);
  }

  /** Lineage and MLflow key of a metric of a split: {@code test/NDCG@10}. */
  static String ofSplit(String split, String metric) {
    return split + "/" + metric;
  }

  /**
   * Lineage and MLflow key of a metric's standard error over the split's users: {@code
   * test/se/NDCG@10}, so the errors sort as one block after the metrics they belong to.
   */
  static String standardErrorOf(String split, String metric) {
    return MetricLabels.standardErrorKey(ofSplit(split, metric));
  }
}
