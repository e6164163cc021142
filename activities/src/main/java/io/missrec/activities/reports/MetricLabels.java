package io.missrec.activities.reports;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model reports {@code recall@10}/{@code ndcg@10}; reports, payloads and lineage show {@code
 * Recall@10}/{@code NDCG@10}.
 */
public final class MetricLabels {
  /**
   * Display order of metric keys: by the name before the last {@code @}, then by the cutoff after
   * it as a number ({@code NDCG@5} before {@code NDCG@10} before {@code NDCG@50}); a key with a
   * prefix ({@code synth-c/NDCG@10}) orders by its prefix first, and a key without a numeric cutoff
   * after those with one of the same name.
   */
  public static final Comparator<String> ORDER = MetricLabels::compare;

  private static final String STANDARD_ERROR = "se/";

  private MetricLabels() {}

  private static int compare(String a, String b) {
    int at = a.lastIndexOf('@');
    int bt = b.lastIndexOf('@');
    String aName = at < 0 ? a : a.substring(0, at);
    String bName = bt < 0 ? b : b.substring(0, bt);
    int byName = aName.compareTo(bName);
    if (byName != 0) {
      return byName;
    }
    long aK = cutoff(a, at);
    long bK = cutoff(b, bt);
    return aK != bK ? Long.compare(aK, bK) : a.compareTo(b);
  }

  private static long cutoff(String key, int at) {
    String digits = at < 0 ? "" : key.substring(at + 1);
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      return Long.MAX_VALUE;
    }
    return Long.parseLong(digits);
  }

  /**
   * The key of a metric's standard error: {@code se/} before the metric's name ({@code
   * synth-c/test/NDCG@10} to {@code synth-c/test/se/NDCG@10}), the one naming lineage, MLflow and
   * the registry use.
   */
  public static String standardErrorKey(String metricKey) {
    int slash = metricKey.lastIndexOf('/');
    return metricKey.substring(0, slash + 1) + STANDARD_ERROR + metricKey.substring(slash + 1);
  }

  /** The metric key a {@link #standardErrorKey} belongs to, or null for another key. */
  public static String metricOfStandardError(String key) {
    int slash = key.lastIndexOf('/');
    String head = key.substring(0, slash + 1);
    if (!head.equals(STANDARD_ERROR) && !head.endsWith("/" + STANDARD_ERROR)) {
      return null;
    }
    return head.substring(0, head.length() - STANDARD_ERROR.length()) + key.substring(slash + 1);
  }

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
