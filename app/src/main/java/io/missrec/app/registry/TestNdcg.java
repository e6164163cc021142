package io.missrec.app.registry;

import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.reports.MetricLabels;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A version's test NDCG@10 per dataset, and its standard error over the test users, read from the
 * registry metrics that registration writes as {@code <dataset>/test/NDCG@10} and {@code
 * <dataset>/test/se/NDCG@10} (versions registered before the errors were kept have none).
 */
public final class TestNdcg {
  static final String SUFFIX = "/test/ndcg@10";
  static final String ERROR_SUFFIX = MetricLabels.standardErrorKey(SUFFIX);

  private TestNdcg() {}

  /** Dataset name to test NDCG@10; empty when the version was never evaluated on a test split. */
  public static Map<String, Double> perDataset(ModelVersion version) {
    return bySuffix(version, SUFFIX);
  }

  /** Dataset name to the standard error of its test NDCG@10, for the datasets that have one. */
  public static Map<String, Double> standardErrorPerDataset(ModelVersion version) {
    return bySuffix(version, ERROR_SUFFIX);
  }

  private static Map<String, Double> bySuffix(ModelVersion version, String suffix) {
    Map<String, Double> out = new TreeMap<>();
    version
        .metrics()
        .forEach(
            (key, value) -> {
              if (key.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                out.put(key.substring(0, key.length() - suffix.length()), value);
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

  /**
   * The standard error of {@link #mean} over {@code datasets}: the datasets' test users are
   * independent samples, so it is the root of the summed squared errors over their number. NaN when
   * a dataset has no recorded error.
   */
  public static double standardErrorOfMean(
      Iterable<String> datasets, Map<String, Double> standardErrors) {
    double sumOfSquares = 0;
    int n = 0;
    for (String dataset : datasets) {
      Double error = standardErrors.get(dataset);
      if (error == null) {
        return Double.NaN;
      }
      sumOfSquares += error * error;
      n++;
    }
    return n == 0 ? Double.NaN : Math.sqrt(sumOfSquares) / n;
  }

  /**
   * {@link #standardErrorOfMean} of a version's test NDCG@10 over the datasets it was tested on.
   */
  public static double standardErrorOfMean(ModelVersion version) {
    return standardErrorOfMean(perDataset(version).keySet(), standardErrorPerDataset(version));
  }
}
