package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.reports.LineageReports;
import io.missrec.model.data.Domain;
import io.missrec.model.data.UserSequence;
import io.missrec.model.eval.RankingMetrics;
import io.missrec.model.train.Evaluator;
import io.missrec.model.train.LoadedCheckpoint;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.EvaluationActivities;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.EvaluationRequest;
import io.temporal.activity.Activity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Full ranking over all items of the domain, with the checkpoint's stored interests when they cover
 * this domain's tokens, else interests re-discovered on this domain (a pre-trained checkpoint
 * clustered the joined source domains) with the fine-tuning ratios. The report artifact is JSON
 * ({@link Report}) with the per-user ranks; metrics go to lineage and the metrics sink.
 */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  private static final int BATCH = 256;

  private final ActivityContext ctx;
  private final LocalArtifacts artifacts;
  private final DomainLoader loader;
  private final Runs runs;
  private final RunReportArtifacts reports;

  public EvaluationActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
    this.artifacts = new LocalArtifacts(ctx);
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
    this.reports = new RunReportArtifacts(artifacts);
  }

  /** The stored report. */
  public record Report(
      String checkpointUri,
      int checkpointEpoch,
      String dataset,
      String datasetSha256,
      String split,
      long users,
      Map<String, Double> metrics,
      Map<String, Double> standardErrors,
      boolean storedInterests,
      long[] ranks) {}

  @Override
  public EvaluationReport evaluate(EvaluationRequest request) {
    String split = request.split();
    if (!split.equals(EvaluationRequest.TEST) && !split.equals(EvaluationRequest.VALID)) {
      throw ActivityErrors.invalidInput("unknown split '" + split + "' (test or valid)");
    }
    String name = request.domain().dataset().name();
    RunStart start = runs.start("evaluate:" + name + ":" + split, request);
    var previous = runs.previousResult(start, EvaluationReport.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    Domain domain = loader.load(request.domain());
    Path dir = artifacts.unpacked(request.checkpoint().artifact());
    List<UserSequence> users =
        split.equals(EvaluationRequest.TEST) ? domain.splits().test() : domain.splits().valid();
    long[] ranks;
    boolean storedInterests;
    // interest discovery on a new domain and the full ranking are long native calls
    try (BackgroundHeartbeat beats =
            BackgroundHeartbeat.start(Activity.getExecutionContext(), () -> "ranking");
        LoadedCheckpoint loaded =
            LoadedCheckpoint.open(dir, request.checkpoint().artifact().uri(), domain)) {
      storedInterests = loaded.storedInterests();
      ranks = new Evaluator(BATCH).ranks(loaded.model(), loaded.items(), users);
    } catch (LoadedCheckpoint.IncompatibleException e) {
      throw ActivityErrors.incompatibleCheckpoint(e.getMessage());
    }
    RankingMetrics metrics =
        new RankingMetrics(request.cutoffs().stream().mapToInt(Integer::intValue).toArray());
    metrics.addAll(ranks);
    Map<String, Double> shown = MetricNames.display(metrics.asMap());
    Map<String, Double> errors = MetricNames.display(metrics.standardErrors());
    Report report =
        new Report(
            request.checkpoint().artifact().uri(),
            request.checkpoint().epoch(),
            name,
            request.domain().dataset().sha256(),
            split,
            metrics.users(),
            shown,
            errors,
            storedInterests,
            ranks);
    ArtifactRef stored =
        artifacts.put(
            ArtifactKind.EVALUATION_REPORT,
            Runs.json(report).getBytes(StandardCharsets.UTF_8),
            LocalArtifacts.JSON);
    ArtifactRef checkpoint = artifacts.storeRef(request.checkpoint().artifact());
    Map<String, String> params =
        Map.of(
            "split",
            split,
            "dataset",
            name,
            "cutoffs",
            request.cutoffs().stream().map(String::valueOf).collect(Collectors.joining(",")));
    ArtifactRef runReport =
        reports.store(
            LineageReports.evaluation(
                ctx.lineage(),
                start.workflowId(),
                start.activity(),
                start.codeVersion(),
                params,
                checkpoint.uri(),
                split,
                shown,
                errors));
    RunOutputs.Builder outputs =
        RunOutputs.builder()
            .artifact(checkpoint)
            .artifact(stored)
            .artifact(runReport)
            .edge(RunOutputs.Edge.fromArtifact(checkpoint.uri(), stored.uri(), "checkpoint"))
            .edge(RunOutputs.Edge.fromArtifact(checkpoint.uri(), runReport.uri(), "checkpoint"))
            .edge(RunOutputs.Edge.fromArtifact(stored.uri(), runReport.uri(), "evaluation"))
            .params(params);
    loader.recordInputs(request.domain(), stored.uri(), outputs);
    List<MetricPoint> points = metricPoints(split, shown, errors);
    points.forEach(outputs::metric);
    EvaluationReport result =
        new EvaluationReport(LocalArtifacts.toPayload(stored), name, split, shown, errors);
    runs.complete(start, outputs, result);
    runs.mirrorToSink(
        start,
        points,
        Map.of("missrec.report", stored.uri(), RunReportArtifacts.TAG, runReport.uri()));
    return result;
  }

  /** The run's final metrics and their standard errors, at step 0. */
  private static List<MetricPoint> metricPoints(
      String split, Map<String, Double> metrics, Map<String, Double> errors) {
    List<MetricPoint> points = new ArrayList<>();
    metrics.forEach(
        (key, value) -> points.add(new MetricPoint(MetricNames.ofSplit(split, key), value, 0)));
    errors.forEach(
        (key, value) ->
            points.add(new MetricPoint(MetricNames.standardErrorOf(split, key), value, 0)));
    return points;
  }
}
