package io.missrec.activities.reports;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model reports {@code recall@10}/{@code ndcg@10}; reports, payloads and lineage show {@code
 * Recall@10}/{@code NDCG@10}.
 */
public final class MetricLabels {
  private MetricLabels() {}

  public static Map<String, Double> display(Map<String, Double> metrics) {
    Map<String, Double> out = new TreeMap<>();
    metrics.forEach((key, value) -> out.put(display(key), value));
    return out;
  }

  public static String display(String key) {
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
