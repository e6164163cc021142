package io.missrec.activities.impl;

import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.RegistryActivities;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.RegistrationRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Registers the checkpoint as the next {@code model_version} of the name (idempotent by name and
 * checkpoint). The version points at the training run that produced the checkpoint (found through
 * the lineage edges into it), so the registry's provenance view shows that run's code and params;
 * the registration itself is a run whose params are the provenance tags.
 */
public final class RegistryActivitiesImpl implements RegistryActivities {
  private final ActivityContext ctx;
  private final LocalArtifacts artifacts;
  private final Runs runs;

  public RegistryActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
    this.artifacts = new LocalArtifacts(ctx);
    this.runs = new Runs(ctx);
  }

  @Override
  public io.missrec.workflows.payload.ModelVersion register(RegistrationRequest request) {
    String uri = request.checkpoint().artifact().uri();
    if (ctx.lineage().findArtifact(uri).isEmpty()) {
      throw ActivityErrors.invalidInput("checkpoint " + uri + " is not a recorded artifact");
    }
    RunStart start = runs.start("register:" + request.modelName(), request);
    Map<String, Double> metrics = new TreeMap<>();
    for (EvaluationReport report : request.reports()) {
      String prefix = report.dataset() + "/";
      report
          .metrics()
          .forEach(
              (key, value) ->
                  metrics.put(prefix + MetricNames.ofSplit(report.split(), key), value));
      report
          .standardErrors()
          .forEach(
              (key, value) ->
                  metrics.put(prefix + MetricNames.standardErrorOf(report.split(), key), value));
    }
    Map<String, String> params = new TreeMap<>();
    request.tags().forEach((key, value) -> params.put("tag." + key, value));
    params.put("model_name", request.modelName());
    params.put("checkpoint", uri);
    RunOutputs.Builder outputs =
        RunOutputs.builder()
            .artifact(artifacts.storeRef(request.checkpoint().artifact()))
            .params(params);
    for (EvaluationReport report : request.reports()) {
      outputs.artifact(artifacts.storeRef(report.report()));
    }
    RunRecord registration = ctx.lineage().completeRun(start, outputs.build());
    List<LineageEdge> producers = ctx.lineage().edgesInto(uri);
    long producer = producers.isEmpty() ? registration.id() : producers.get(0).runId();
    ModelVersion version =
        ctx.lineage().registerModelVersion(request.modelName(), uri, producer, metrics);
    return new io.missrec.workflows.payload.ModelVersion(
        version.name(), (int) version.version(), request.checkpoint());
  }
}
