package io.missrec.activities.impl;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model reports {@code recall@10}/{@code ndcg@10}; payloads show {@code Recall@10}/{@code
 * NDCG@10}.
 */
final class MetricNames {
  static final String NDCG_10 = "NDCG@10";

  private MetricNames() {}

  static Map<String, Double> display(Map<String, Double> metrics) {
    Map<String, Double> out = new TreeMap<>();
    metrics.forEach((key, value) -> out.put(display(key), value));
    return out;
  }

  static String display(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ndcg@")) {
      return "NDCG@" + key.substring(5);
    }
    if (lower.startsWith("recall@")) {
      return "Recall@" + key.substring(7);
    }
    return key;
  }
}
