package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.ExposureStats;
import io.missrec.model.serve.Recommendation;
import io.missrec.model.serve.RecommendationLines;
import io.missrec.model.serve.TopKRecommender;
import io.missrec.model.serve.UserHistory;
import io.missrec.model.train.LoadedCheckpoint;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.ServingActivities;
import io.missrec.workflows.payload.RecommendationRequest;
import io.missrec.workflows.payload.RecommendationSet;
import io.temporal.activity.Activity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Top-K lists for every user of a domain ({@link TopKRecommender}), stored as one JSON Lines
 * artifact with lineage edges from the checkpoint, the dataset snapshot and each feature table, and
 * the options as run parameters. Interests as in evaluation: the checkpoint's when they cover the
 * domain's tokens, else discovered on the domain.
 */
public final class ServingActivitiesImpl implements ServingActivities {
  private static final int BATCH = 256;

  /** Lineage and MLflow keys of the lists' figures. */
  static final String USERS = "lists/users";

  static final String COVERAGE = "lists/coverage";
  static final String GINI = "lists/exposureGini";
  static final String HEAD_SHARE = "lists/headShare";

  private final LocalArtifacts artifacts;
  private final DomainLoader loader;
  private final Runs runs;

  public ServingActivitiesImpl(ActivityContext ctx) {
    this.artifacts = new LocalArtifacts(ctx);
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
  }

  @Override
  public RecommendationSet recommend(RecommendationRequest request) {
    String name = request.domain().dataset().name();
    RunStart start = runs.start("recommend:" + name, request);
    var previous = runs.previousResult(start, RecommendationSet.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    Domain domain = loader.load(request.domain());
    Path dir = artifacts.unpacked(request.checkpoint().artifact());
    List<UserHistory> users = UserHistory.latest(domain);
    List<Recommendation> lists;
    boolean storedInterests;
    // heartbeats carry the lists done; the background ones also cover interest discovery on a
    // new domain, one native call
    AtomicInteger done = new AtomicInteger();
    try (BackgroundHeartbeat beats =
            BackgroundHeartbeat.start(Activity.getExecutionContext(), done::get);
        LoadedCheckpoint loaded =
            LoadedCheckpoint.open(dir, request.checkpoint().artifact().uri(), domain)) {
      storedInterests = loaded.storedInterests();
      lists =
          new TopKRecommender(BATCH)
              .recommend(
                  loaded.model(),
                  loaded.items(),
                  users,
                  request.top(),
                  request.excludeSeen(),
                  done::set);
    } catch (LoadedCheckpoint.IncompatibleException e) {
      throw ActivityErrors.incompatibleCheckpoint(e.getMessage());
    }
    byte[] lines = RecommendationLines.bytes(domain, users, lists);
    ArtifactRef stored =
        artifacts.put(ArtifactKind.RECOMMENDATIONS, lines, LocalArtifacts.JSON_LINES);
    ArtifactRef checkpoint = artifacts.storeRef(request.checkpoint().artifact());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("dataset", name);
    params.put("top", Integer.toString(request.top()));
    params.put("excludeSeen", Boolean.toString(request.excludeSeen()));
    params.put("interests", storedInterests ? "checkpoint" : "discovered");
    RunOutputs.Builder outputs =
        RunOutputs.builder()
            .artifact(checkpoint)
            .artifact(stored)
            .edge(RunOutputs.Edge.fromArtifact(checkpoint.uri(), stored.uri(), "checkpoint"))
            .params(params);
    loader.recordInputs(request.domain(), stored.uri(), outputs);
    ExposureStats exposure = ExposureStats.of(domain.numItems(), users, lists);
    List<MetricPoint> points = metricPoints(exposure);
    points.forEach(outputs::metric);
    RecommendationSet result =
        new RecommendationSet(
            LocalArtifacts.toPayload(stored),
            name,
            users.size(),
            domain.numItems(),
            exposure.distinctItems(),
            exposure.slots(),
            exposure.gini(),
            exposure.headShare(),
            storedInterests);
    runs.complete(start, outputs, result);
    // Content addressing: a prune of superseded lists may have removed identical bytes between the
    // upload (skipped, the bytes being there) and the edges that make them the feed's latest.
    if (!artifacts.exists(stored)) {
      artifacts.put(ArtifactKind.RECOMMENDATIONS, lines, LocalArtifacts.JSON_LINES);
    }
    runs.mirrorToSink(start, points, Map.of("missrec.recommendations", stored.uri()));
    return result;
  }

  /** How the lists spread over the catalogue, at step 0 ({@link ExposureStats}). */
  private static List<MetricPoint> metricPoints(ExposureStats exposure) {
    return List.of(
        new MetricPoint(USERS, exposure.users(), 0),
        new MetricPoint(COVERAGE, exposure.coverage(), 0),
        new MetricPoint(GINI, exposure.gini(), 0),
        new MetricPoint(HEAD_SHARE, exposure.headShare(), 0));
  }
}
