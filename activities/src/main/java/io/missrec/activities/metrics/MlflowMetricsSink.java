package io.missrec.activities.metrics;

import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;

/**
 * Mirrors runs into an MLflow tracking server over its REST API. Artifacts stay in S3 and appear
 * here only as URI tags: the client's artifact upload shells out to a Python CLI.
 *
 * <p>Each MLflow run carries the lineage idempotency key as tag {@value #RUN_KEY_TAG}; opening a
 * run looks it up first, so a retried activity continues its MLflow run instead of adding one.
 *
 * <p>MLflow accepts only letters, digits, {@code _ - . / :} and spaces in metric, param and tag
 * keys, so keys pass through {@link #mlflowKey}: {@code valid/NDCG@10} is {@code valid/NDCG_at_10}
 * there. Lineage keeps the original names.
 */
public final class MlflowMetricsSink implements MetricsSink {
  public static final String RUN_KEY_TAG = "missrec.run_key";

  /** MLflow accepts at most 1000 metrics per log-batch call. */
  private static final int MAX_METRICS_PER_BATCH = 1000;

  /** MLflow accepts at most 100 params per log-batch call. */
  private static final int MAX_PARAMS_PER_BATCH = 100;

  /** Characters an MLflow key may not hold (its server's {@code _VALID_PARAM_AND_METRIC_NAMES}). */
  private static final Pattern NOT_IN_KEY = Pattern.compile("[^/\\w.\\- :]");

  private final MlflowClient client;
  private final String experimentName;
  private volatile String experimentId;

  public MlflowMetricsSink(String trackingUri, String experimentName) {
    this.client = new MlflowClient(trackingUri);
    this.experimentName = experimentName;
  }

  @Override
  public TrackedRun open(RunRecord run) {
    String experiment = experimentId();
    String mlflowRunId = findRun(experiment, run.idempotencyKey());
    if (mlflowRunId == null) {
      mlflowRunId = createRun(experiment, run);
    }
    return new MlflowRun(client, mlflowRunId);
  }

  private String experimentId() {
    String id = experimentId;
    if (id == null) {
      // Search rather than get-by-name: the client retries the latter's 404 with back-off.
      List<Service.Experiment> found =
          client.searchExperiments("name = '" + quote(experimentName) + "'").getItems();
      id =
          found.isEmpty()
              ? client.createExperiment(experimentName)
              : found.get(0).getExperimentId();
      experimentId = id;
    }
    return id;
  }

  private String findRun(String experiment, String runKey) {
    String filter = "tags.`" + RUN_KEY_TAG + "` = '" + quote(runKey) + "'";
    List<Service.RunInfo> found = client.searchRuns(List.of(experiment), filter);
    return found.isEmpty() ? null : found.get(0).getRunId();
  }

  private String createRun(String experiment, RunRecord run) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(RUN_KEY_TAG, run.idempotencyKey());
    tags.put("missrec.lineage_run_id", Long.toString(run.id()));
    tags.put("missrec.workflow_id", run.workflowId());
    tags.put("missrec.workflow_run_id", run.workflowRunId());
    tags.put("missrec.activity", run.activity());
    tags.put("mlflow.source.git.commit", run.codeVersion());
    Service.CreateRun.Builder request =
        Service.CreateRun.newBuilder()
            .setExperimentId(experiment)
            .setRunName(run.activity() + " " + run.workflowId())
            .setStartTime(System.currentTimeMillis());
    tags.forEach((key, value) -> request.addTags(tag(key, value)));
    return client.createRun(request.build()).getRunId();
  }

  /** Escapes a value for a single-quoted MLflow search filter string. */
  private static String quote(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  /**
   * The key as MLflow accepts it: {@code @} (as in {@code Recall@10}) reads {@code _at_}, any other
   * character MLflow rejects becomes {@code _}.
   */
  static String mlflowKey(String key) {
    return NOT_IN_KEY.matcher(key.replace("@", "_at_")).replaceAll("_");
  }

  private static Service.RunTag tag(String key, String value) {
    return Service.RunTag.newBuilder().setKey(mlflowKey(key)).setValue(value).build();
  }

  /** One MLflow run; every call is a log-batch or run update. */
  private static final class MlflowRun implements TrackedRun {
    private final MlflowClient client;
    private final String runId;

    MlflowRun(MlflowClient client, String runId) {
      this.client = client;
      this.runId = runId;
    }

    @Override
    public void logParams(Map<String, String> params) {
      List<Service.Param> all = new ArrayList<>();
      params.forEach(
          (key, value) ->
              all.add(Service.Param.newBuilder().setKey(mlflowKey(key)).setValue(value).build()));
      for (int from = 0; from < all.size(); from += MAX_PARAMS_PER_BATCH) {
        List<Service.Param> chunk =
            all.subList(from, Math.min(all.size(), from + MAX_PARAMS_PER_BATCH));
        call(() -> client.logBatch(runId, List.of(), chunk, List.of()));
      }
    }

    @Override
    public void logMetrics(List<MetricPoint> points) {
      long now = System.currentTimeMillis();
      List<Service.Metric> all = new ArrayList<>();
      for (MetricPoint point : points) {
        all.add(
            Service.Metric.newBuilder()
                .setKey(mlflowKey(point.key()))
                .setValue(point.value())
                .setStep(point.step())
                .setTimestamp(now)
                .build());
      }
      for (int from = 0; from < all.size(); from += MAX_METRICS_PER_BATCH) {
        List<Service.Metric> chunk =
            all.subList(from, Math.min(all.size(), from + MAX_METRICS_PER_BATCH));
        call(() -> client.logBatch(runId, chunk, List.of(), List.of()));
      }
    }

    @Override
    public void setTags(Map<String, String> tags) {
      List<Service.RunTag> all = new ArrayList<>();
      tags.forEach((key, value) -> all.add(tag(key, value)));
      if (!all.isEmpty()) {
        call(() -> client.logBatch(runId, List.of(), List.of(), all));
      }
    }

    @Override
    public void finish(RunStatus status) {
      Service.RunStatus mlflowStatus =
          switch (status) {
            case SUCCEEDED -> Service.RunStatus.FINISHED;
            case FAILED -> Service.RunStatus.FAILED;
            case RUNNING -> throw new IllegalArgumentException("finish needs a terminal status");
          };
      call(() -> client.setTerminated(runId, mlflowStatus, System.currentTimeMillis()));
    }

    private void call(Runnable request) {
      try {
        request.run();
      } catch (MlflowClientException e) {
        throw new MlflowClientException("MLflow run " + runId + ": " + e.getMessage(), e);
      }
    }
  }
}
