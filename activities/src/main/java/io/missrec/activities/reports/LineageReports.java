package io.missrec.activities.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds {@link RunReport}s from what lineage holds. Training and evaluation activities call the
 * same builders with the values they have in hand, and {@code missrec report} re-builds a finished
 * run from lineage alone, so both give the same page (and the same bytes) for a succeeded run.
 */
public final class LineageReports {
  /** Param holding an activity's stored result (JSON); too long to show. */
  static final String RESULT_PARAM = "result";

  static final String LOSS = "train/loss";
  static final String VALID_PREFIX = "valid/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LineageReports() {}

  /** Whether a lineage run of this activity name trains (and so has per-epoch metrics). */
  public static boolean isTraining(String activity) {
    return activity.equals("pretrain") || activity.startsWith("fine-tune:");
  }

  public static boolean isEvaluation(String activity) {
    return activity.startsWith("evaluate:");
  }

  /**
   * The run that stands for a workflow in its report: the last succeeded test evaluation (whose
   * report also shows the curves of the checkpoint's training), else the last training run.
   */
  public static Optional<RunRecord> reportedRunOf(List<RunRecord> runs) {
    Optional<RunRecord> evaluation =
        runs.stream()
            .filter(r -> isEvaluation(r.activity()) && r.activity().endsWith(":test"))
            .filter(r -> r.status() == RunStatus.SUCCEEDED)
            .reduce((first, second) -> second.id() > first.id() ? second : first);
    if (evaluation.isPresent()) {
      return evaluation;
    }
    return runs.stream()
        .filter(r -> isTraining(r.activity()))
        .reduce((first, second) -> second.id() > first.id() ? second : first);
  }

  /** The report of a training run whose best checkpoint is known. */
  public static RunReport training(
      String workflowId,
      String activity,
      String codeVersion,
      Map<String, String> params,
      List<EpochPoint> history,
      String checkpointUri,
      int bestEpoch,
      Map<String, Double> bestValid) {
    Map<String, Map<String, Double>> finals = new LinkedHashMap<>();
    finals.put("valid, best epoch " + bestEpoch, bestValid);
    return report(workflowId, activity, codeVersion, checkpointUri, params, history, finals);
  }

  /**
   * The report of an evaluation: its metrics, their standard errors over the split's users (a row
   * of its own; none where empty, as in results recorded before they were kept) and the curves of
   * the checkpoint's training run.
   */
  public static RunReport evaluation(
      LineageStore lineage,
      String workflowId,
      String activity,
      String codeVersion,
      Map<String, String> params,
      String checkpointUri,
      String split,
      Map<String, Double> metrics,
      Map<String, Double> standardErrors) {
    List<EpochPoint> history =
        trainingRunOf(lineage, checkpointUri)
            .map(run -> history(lineage.metrics(run)))
            .orElse(List.of());
    Map<String, Map<String, Double>> finals = new LinkedHashMap<>();
    finals.put(split, metrics);
    if (!standardErrors.isEmpty()) {
      finals.put(split + ", standard error", standardErrors);
    }
    return report(workflowId, activity, codeVersion, checkpointUri, params, history, finals);
  }

  /**
   * Re-builds the report of a recorded training or evaluation run from lineage.
   *
   * @throws IllegalArgumentException if there is no such run or it is neither
   */
  public static RunReport forRun(LineageStore lineage, long runId) {
    RunRecord run =
        lineage
            .findRun(runId)
            .orElseThrow(() -> new IllegalArgumentException("no lineage run " + runId));
    Map<String, String> params = lineage.params(runId);
    Optional<JsonNode> result =
        Optional.ofNullable(params.get(RESULT_PARAM)).map(LineageReports::tree);
    if (isTraining(run.activity())) {
      List<EpochPoint> history = history(lineage.metrics(runId));
      if (result.isPresent()) {
        JsonNode r = result.get();
        return training(
            run.workflowId(),
            run.activity(),
            run.codeVersion(),
            params,
            history,
            r.path("artifact").path("uri").asText(),
            r.path("epoch").asInt(),
            doubles(r.path("validMetrics")));
      }
      // still running or failed: the best epoch so far by the charted metric
      EpochPoint best = null;
      for (EpochPoint p : history) {
        Double v = p.valid().get(ReportRenderer.CHARTED_METRIC);
        if (v != null && (best == null || v > best.valid().get(ReportRenderer.CHARTED_METRIC))) {
          best = p;
        }
      }
      Map<String, Map<String, Double>> finals = new LinkedHashMap<>();
      if (best != null) {
        finals.put("valid, best epoch " + best.epoch() + " so far", best.valid());
      }
      return report(
          run.workflowId(), run.activity(), run.codeVersion(), null, params, history, finals);
    }
    if (isEvaluation(run.activity()) && result.isPresent()) {
      JsonNode r = result.get();
      String evaluationUri = r.path("report").path("uri").asText();
      String checkpoint =
          lineage.edgesInto(evaluationUri).stream()
              .filter(e -> e.role().equals("checkpoint"))
              .map(LineageEdge::inputArtifactUri)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "evaluation run " + runId + " has no checkpoint edge in lineage"));
      return evaluation(
          lineage,
          run.workflowId(),
          run.activity(),
          run.codeVersion(),
          params,
          checkpoint,
          r.path("split").asText(),
          doubles(r.path("metrics")),
          doubles(r.path("standardErrors")));
    }
    throw new IllegalArgumentException(
        "run "
            + runId
            + " ("
            + run.activity()
            + ", "
            + run.status().name().toLowerCase(java.util.Locale.ROOT)
            + ") is not a training run or a finished evaluation run");
  }

  /**
   * Per-epoch points from a run's metrics: {@code train/loss} and {@code valid/<name>} at steps 1
   * and up (step 0 holds final, not per-epoch, values).
   */
  public static List<EpochPoint> history(List<MetricPoint> metrics) {
    Map<Long, Double> loss = new TreeMap<>();
    Map<Long, Map<String, Double>> valid = new TreeMap<>();
    for (MetricPoint p : metrics) {
      if (p.step() < 1) {
        continue;
      }
      if (p.key().equals(LOSS)) {
        loss.put(p.step(), p.value());
        valid.computeIfAbsent(p.step(), s -> new TreeMap<>());
      } else if (p.key().startsWith(VALID_PREFIX)) {
        valid
            .computeIfAbsent(p.step(), s -> new TreeMap<>())
            .put(p.key().substring(VALID_PREFIX.length()), p.value());
      }
    }
    List<EpochPoint> points = new ArrayList<>();
    valid.forEach(
        (step, values) ->
            points.add(
                new EpochPoint(
                    Math.toIntExact(step), loss.getOrDefault(step, Double.NaN), values)));
    return points;
  }

  /** The training run that produced a checkpoint (the run of the edges into it). */
  static Optional<Long> trainingRunOf(LineageStore lineage, String checkpointUri) {
    return lineage.edgesInto(checkpointUri).stream()
        .map(LineageEdge::runId)
        .distinct()
        .filter(id -> lineage.findRun(id).map(r -> isTraining(r.activity())).orElse(false))
        .findFirst();
  }

  private static RunReport report(
      String workflowId,
      String activity,
      String codeVersion,
      String checkpointUri,
      Map<String, String> params,
      List<EpochPoint> history,
      Map<String, Map<String, Double>> finals) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("workflow", workflowId);
    facts.put("activity", activity);
    facts.put("code version", codeVersion);
    if (checkpointUri != null) {
      facts.put("checkpoint", checkpointUri);
    }
    Map<String, String> shown = new TreeMap<>(params);
    shown.remove(RESULT_PARAM);
    return new RunReport(activity + " \u2014 " + workflowId, facts, shown, history, finals);
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read a stored run result", e);
    }
  }

  private static Map<String, Double> doubles(JsonNode node) {
    Map<String, Double> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
    return out;
  }
}
