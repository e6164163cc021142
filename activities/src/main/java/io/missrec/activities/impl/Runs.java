package io.missrec.activities.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.activities.artifact.Sha256;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.metrics.TrackedRun;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lineage runs of activities. A run's idempotency key is {@code <workflowId>/<activity>/<first 16
 * hex of sha256(request JSON)>}: a retry of the same call gets the same run, another call in the
 * same workflow (another dataset, split) another run. A succeeded run keeps its result (as JSON,
 * param {@value #RESULT_PARAM}) so that a repeated call returns it instead of redoing the work.
 */
final class Runs {
  static final String RESULT_PARAM = "result";
  private static final int MAX_REASON = 2000;
  static final ObjectMapper JSON = new ObjectMapper();

  private final ActivityContext ctx;

  Runs(ActivityContext ctx) {
    this.ctx = ctx;
  }

  /** The run of {@code request} in the calling activity's workflow. */
  RunStart start(String activity, Object request) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    String digest = Sha256.hex(json(request).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    return new RunStart(
        info.getWorkflowId() + "/" + activity + "/" + digest,
        info.getWorkflowId(),
        info.getRunId(),
        activity,
        ctx.codeVersion());
  }

  /** The result of this run if it already succeeded. */
  <T> Optional<T> previousResult(RunStart start, Class<T> type) {
    return ctx.lineage()
        .findRunByKey(start.idempotencyKey())
        .filter(run -> run.status() == RunStatus.SUCCEEDED)
        .map(run -> ctx.lineage().params(run.id()).get(RESULT_PARAM))
        .map(json -> parse(json, type));
  }

  /** Records the outputs and the result in one transaction and returns the result. */
  <T> T complete(RunStart start, RunOutputs.Builder outputs, T result) {
    outputs.params(java.util.Map.of(RESULT_PARAM, json(result)));
    ctx.lineage().completeRun(start, outputs.build());
    return result;
  }

  /**
   * Mirrors a completed run's final metrics (step 0) and {@code tags} into the metrics sink (MLflow
   * when configured), as a succeeded tracking run.
   */
  void mirrorToSink(RunStart start, List<MetricPoint> points, Map<String, String> tags) {
    RunRecord run = ctx.lineage().findRunByKey(start.idempotencyKey()).orElseThrow();
    TrackedRun tracked = ctx.metrics().open(run);
    tracked.logMetrics(points);
    tracked.setTags(tags);
    tracked.finish(RunStatus.SUCCEEDED);
  }

  /**
   * Marks a started run failed with {@code cause} as its reason, best effort (the original failure
   * matters more).
   */
  void failed(RunRecord run, Exception cause) {
    try {
      ctx.lineage().failRun(run.id(), RunFailure.Source.ACTIVITY, reason(cause));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The exception's type and message, capped: the stack trace stays in the worker's log. */
  static String reason(Throwable cause) {
    String message = cause.getMessage();
    String reason =
        cause.getClass().getSimpleName()
            + (message == null || message.isBlank() ? "" : ": " + message);
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }

  static <T> T parse(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a stored " + type.getSimpleName(), e);
    }
  }
}
