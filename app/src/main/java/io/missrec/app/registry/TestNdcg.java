package io.missrec.app.registry;

import io.missrec.activities.lineage.ModelVersion;
import java.util.Map;
import java.util.TreeMap;

/**
 * A version's test NDCG@10 per dataset, read from the registry metrics that registration writes as
 * {@code <dataset>/test/NDCG@10}.
 */
public final class TestNdcg {
  static final String SUFFIX = "/test/ndcg@10";

  private TestNdcg() {}

  /** Dataset name to test NDCG@10; empty when the version was never evaluated on a test split. */
  public static Map<String, Double> perDataset(ModelVersion version) {
    Map<String, Double> out = new TreeMap<>();
    version
        .metrics()
        .forEach(
            (key, value) -> {
              if (key.toLowerCase(java.util.Locale.ROOT).endsWith(SUFFIX)) {
                out.put(key.substring(0, key.length() - SUFFIX.length()), value);
              }
            });
    return out;
  }

  /** The mean over the datasets, or NaN when there is none. */
  public static double mean(Map<String, Double> perDataset) {
    return perDataset.values().stream()
        .mapToDouble(Double::doubleValue)
        .average()
        .orElse(Double.NaN);
  }
}
