package io.missrec.workflows.pretrain;

import io.missrec.workflows.StageOptions;
import io.missrec.workflows.activities.AugmentationActivities;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.EvaluationActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.InterestActivities;
import io.missrec.workflows.activities.RegistryActivities;
import io.missrec.workflows.activities.RetentionActivities;
import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.AugmentationRequest;
import io.missrec.workflows.payload.AugmentedViews;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.EvaluationRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.InterestAssignments;
import io.missrec.workflows.payload.InterestRequest;
import io.missrec.workflows.payload.ModelVersion;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.PretrainInput;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.RegistrationRequest;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.progress.TrackedPipeline;
import io.missrec.workflows.support.Cleanup;
import io.missrec.workflows.support.FeatureStage;
import io.missrec.workflows.support.Parallel;
import io.missrec.workflows.support.Provenance;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stages one after another; within a stage the source domains run in parallel. Each
 * stage's results are collected in request order, so the commands are the same on every replay.
 */
public class PretrainPipelineWorkflowImpl extends TrackedPipeline<PipelineRequest, PipelineResult>
    implements PretrainPipelineWorkflow {

  private final DatasetActivities datasets =
      Workflow.newActivityStub(DatasetActivities.class, StageOptions.CPU_WORK);
  private final FeatureActivities features =
      Workflow.newActivityStub(FeatureActivities.class, StageOptions.CPU_WORK);
  private final AugmentationActivities augmentation =
      Workflow.newActivityStub(AugmentationActivities.class, StageOptions.CPU_WORK);
  private final InterestActivities interests =
      Workflow.newActivityStub(InterestActivities.class, StageOptions.CPU_WORK);
  private final TrainingActivities training =
      Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);
  private final EvaluationActivities evaluation =
      Workflow.newActivityStub(EvaluationActivities.class, StageOptions.CPU_WORK);
  private final RegistryActivities registry =
      Workflow.newActivityStub(RegistryActivities.class, StageOptions.REGISTRY);
  private final RetentionActivities retention =
      Workflow.newActivityStub(RetentionActivities.class, StageOptions.CPU_WORK);

  @Override
  public PipelineResult run(PipelineRequest request) {
    return tracked(request);
  }

  @Override
  protected PipelineResult runStages(PipelineRequest request) {
    progress.enter(Stage.INGEST);
    List<DatasetSummary> validated =
        Parallel.map(request.sources(), source -> datasets.validate(datasets.ingest(source)));
    List<DatasetRef> snapshots = validated.stream().map(DatasetSummary::dataset).toList();

    progress.enter(Stage.FEATURES);
    boolean sharding = FeatureStage.shardingEnabled();
    List<FeatureSet> featureSets =
        Parallel.map(
            validated,
            summary ->
                sharding
                    ? FeatureStage.extract(
                        features, summary, request.features(), request.featureShardItems())
                    : features.extract(new FeatureRequest(summary.dataset(), request.features())));

    progress.enter(Stage.AUGMENTATION);
    List<AugmentedViews> views =
        Parallel.map(
            Parallel.indexes(snapshots.size()),
            i ->
                augmentation.augment(
                    new AugmentationRequest(
                        snapshots.get(i),
                        featureSets.get(i),
                        request.features(),
                        request.augmentation())));
    List<TrainingDomain> domains = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i++) {
      domains.add(new TrainingDomain(snapshots.get(i), featureSets.get(i), views.get(i)));
    }

    progress.enter(Stage.INTERESTS);
    InterestAssignments assignments =
        interests.discover(new InterestRequest(featureSets, request.interests()));

    progress.enterTraining(Stage.PRETRAINING, request.training().epochs());
    Checkpoint checkpoint =
        training.pretrain(new PretrainInput(domains, assignments, request.training()));

    progress.enter(Stage.EVALUATION);
    List<EvaluationReport> reports =
        Parallel.map(
            domains,
            domain ->
                evaluation.evaluate(
                    new EvaluationRequest(
                        checkpoint,
                        new TrainingDomain(domain.dataset(), domain.features(), null),
                        EvaluationRequest.TEST,
                        request.evaluationCutoffs())));
    progress.evaluated(reports);

    progress.enter(Stage.REGISTRATION);
    ModelVersion version =
        registry.register(
            new RegistrationRequest(
                request.modelName(), checkpoint, reports, Provenance.tags(snapshots)));

    PruneSummary pruned = Cleanup.run(retention, progress, request.keepIntermediates());

    progress.enter(Stage.COMPLETED);
    return new PipelineResult(snapshots, checkpoint, reports, version, pruned);
  }
}
