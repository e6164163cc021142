package io.missrec.activities.metrics;

import io.missrec.activities.lineage.LineageStore;
import java.util.List;
import java.util.Map;

/** Builds the platform's sink: lineage always, MLflow only when a tracking URI is configured. */
public final class MetricsSinks {
  public static final String TRACKING_URI_ENV = "MLFLOW_TRACKING_URI";
  public static final String EXPERIMENT_ENV = "MLFLOW_EXPERIMENT_NAME";
  public static final String DEFAULT_EXPERIMENT = "missrec";

  private MetricsSinks() {}

  public static MetricsSink fromEnv(LineageStore store) {
    return fromEnv(store, System.getenv());
  }

  public static MetricsSink fromEnv(LineageStore store, Map<String, String> env) {
    MetricsSink lineage = new LineageMetricsSink(store);
    String trackingUri = env.get(TRACKING_URI_ENV);
    if (trackingUri == null || trackingUri.isBlank()) {
      return lineage;
    }
    String experiment = env.getOrDefault(EXPERIMENT_ENV, DEFAULT_EXPERIMENT);
    return new CompositeMetricsSink(
        List.of(lineage, new MlflowMetricsSink(trackingUri, experiment)));
  }
}
