package io.missrec.workflows.transfer;

import io.missrec.workflows.StageOptions;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.EvaluationActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.RegistryActivities;
import io.missrec.workflows.activities.RetentionActivities;
import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.EvaluationRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.ModelVersion;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.RegistrationRequest;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.progress.TrackedPipeline;
import io.missrec.workflows.support.Cleanup;
import io.missrec.workflows.support.FeatureStage;
import io.missrec.workflows.support.Provenance;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * Runs the transfer stages one after another. A zero-shot request skips fine-tuning: the initial
 * checkpoint itself is evaluated on the target and registered under the new name.
 */
public class TransferWorkflowImpl extends TrackedPipeline<TransferRequest, PipelineResult>
    implements TransferWorkflow {

  private final DatasetActivities datasets =
      Workflow.newActivityStub(DatasetActivities.class, StageOptions.CPU_WORK);
  private final FeatureActivities features =
      Workflow.newActivityStub(FeatureActivities.class, StageOptions.CPU_WORK);
  private final TrainingActivities training =
      Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);
  private final EvaluationActivities evaluation =
      Workflow.newActivityStub(EvaluationActivities.class, StageOptions.CPU_WORK);
  private final RegistryActivities registry =
      Workflow.newActivityStub(RegistryActivities.class, StageOptions.REGISTRY);
  private final RetentionActivities retention =
      Workflow.newActivityStub(RetentionActivities.class, StageOptions.CPU_WORK);

  @Override
  public PipelineResult run(TransferRequest request) {
    return tracked(request);
  }

  @Override
  protected PipelineResult runStages(TransferRequest request) {
    progress.enter(Stage.INGEST);
    DatasetRef snapshot = datasets.ingest(request.target());
    DatasetSummary summary = datasets.validate(snapshot);

    progress.enter(Stage.FEATURES);
    FeatureSet featureSet =
        FeatureStage.shardingEnabled()
            ? FeatureStage.extract(
                features, summary, request.features(), request.featureShardItems())
            : features.extract(new FeatureRequest(snapshot, request.features()));
    TrainingDomain target = new TrainingDomain(snapshot, featureSet, null);

    Checkpoint checkpoint;
    if (request.zeroShot()) {
      checkpoint = request.training().initialCheckpoint();
    } else {
      progress.enterTraining(Stage.FINE_TUNING, request.training().epochs());
      checkpoint = training.fineTune(new FineTuneInput(target, request.training()));
    }

    progress.enter(Stage.EVALUATION);
    EvaluationReport report =
        evaluation.evaluate(
            new EvaluationRequest(
                checkpoint, target, EvaluationRequest.TEST, request.evaluationCutoffs()));
    progress.evaluated(List.of(report));

    progress.enter(Stage.REGISTRATION);
    Map<String, String> tags = Provenance.tags(List.of(snapshot));
    Checkpoint initial = request.training().initialCheckpoint();
    if (initial != null) {
      tags.put(Provenance.INITIAL_CHECKPOINT, initial.artifact().sha256());
    }
    if (request.zeroShot()) {
      tags.put(Provenance.ZERO_SHOT, "true");
    }
    ModelVersion version =
        registry.register(
            new RegistrationRequest(request.modelName(), checkpoint, List.of(report), tags));

    // a zero-shot transfer trained nothing, so it has nothing to clean up
    PruneSummary pruned =
        Cleanup.run(retention, progress, request.keepIntermediates() || request.zeroShot());

    progress.enter(Stage.COMPLETED);
    return new PipelineResult(List.of(snapshot), checkpoint, List.of(report), version, pruned);
  }
}
