package io.missrec.workflows.recommend;

import io.missrec.workflows.StageOptions;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.ServingActivities;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.RecommendResult;
import io.missrec.workflows.payload.RecommendationRequest;
import io.missrec.workflows.payload.RecommendationSet;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.progress.TrackedPipeline;
import io.missrec.workflows.support.FeatureStage;
import io.temporal.workflow.Workflow;

/** Runs ingest, features and recommendation one after another, all on the CPU queue. */
public class RecommendWorkflowImpl extends TrackedPipeline<RecommendRequest, RecommendResult>
    implements RecommendWorkflow {

  private final DatasetActivities datasets =
      Workflow.newActivityStub(DatasetActivities.class, StageOptions.CPU_WORK);
  private final FeatureActivities features =
      Workflow.newActivityStub(FeatureActivities.class, StageOptions.CPU_WORK);
  private final ServingActivities serving =
      Workflow.newActivityStub(ServingActivities.class, StageOptions.CPU_WORK);

  @Override
  public RecommendResult run(RecommendRequest request) {
    return tracked(request);
  }

  @Override
  protected RecommendResult runStages(RecommendRequest request) {
    progress.enter(Stage.INGEST);
    DatasetRef snapshot = datasets.ingest(request.target());
    DatasetSummary summary = datasets.validate(snapshot);

    progress.enter(Stage.FEATURES);
    // a workflow type born after sharding: no history replays the single call
    FeatureSet featureSet =
        FeatureStage.extract(features, summary, request.features(), request.featureShardItems());

    progress.enter(Stage.RECOMMENDATION);
    RecommendationSet lists =
        serving.recommend(
            new RecommendationRequest(
                request.checkpoint(),
                new TrainingDomain(snapshot, featureSet, null),
                request.top(),
                request.excludeSeen()));

    progress.enter(Stage.COMPLETED);
    return new RecommendResult(snapshot, lists);
  }
}
