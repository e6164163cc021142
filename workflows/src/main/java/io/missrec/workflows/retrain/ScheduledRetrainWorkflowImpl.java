package io.missrec.workflows.retrain;

import io.missrec.workflows.StageOptions;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.RetrainActivities;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainDecision;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;
import io.missrec.workflows.payload.ScheduledRetrainResult;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.support.Parallel;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Digests come from the ingest activity (content-addressed snapshots), so "changed" means the
 * files' bytes changed, not their timestamps. The child pipeline gets the sources pinned to those
 * digests: data that changes again between decision and training fails its ingest instead of
 * training on something else than what was decided.
 */
public class ScheduledRetrainWorkflowImpl implements ScheduledRetrainWorkflow {
  /** Suffix of the child pipeline's id: the scheduled run's id is already unique per firing. */
  public static final String PIPELINE_SUFFIX = "-pretrain";

  private final DatasetActivities datasets =
      Workflow.newActivityStub(DatasetActivities.class, StageOptions.CPU_WORK);
  private final RetrainActivities ledger =
      Workflow.newActivityStub(RetrainActivities.class, StageOptions.REGISTRY);

  @Override
  public ScheduledRetrainResult run(PipelineRequest request) {
    List<DatasetRef> snapshots = Parallel.map(request.sources(), datasets::ingest);
    LastTraining last = ledger.lastTraining(request.modelName());
    RetrainDecision decision = RetrainPolicy.decide(snapshots, last);
    String workflowId = Workflow.getInfo().getWorkflowId();
    if (decision.choice() == RetrainChoice.SKIP) {
      ledger.recordDecision(new RetrainRecord(workflowId, request.modelName(), decision, null));
      return new ScheduledRetrainResult(decision, null, null);
    }
    String pipelineId = workflowId + PIPELINE_SUFFIX;
    ledger.recordDecision(new RetrainRecord(workflowId, request.modelName(), decision, pipelineId));
    PretrainPipelineWorkflow pipeline =
        Workflow.newChildWorkflowStub(
            PretrainPipelineWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(pipelineId)
                .setTaskQueue(TaskQueues.CPU)
                .build());
    PipelineResult result;
    try {
      result = pipeline.run(RetrainPolicy.pinned(request, snapshots));
    } catch (ChildWorkflowFailure e) {
      ledger.recordOutcome(RetrainOutcome.failed(workflowId, rootMessage(e)));
      throw e;
    }
    ledger.recordOutcome(RetrainOutcome.succeeded(workflowId, result.modelVersion().version()));
    return new ScheduledRetrainResult(decision, pipelineId, result);
  }

  /** The innermost cause's own message: the wrappers (child, activity) only say where it failed. */
  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root instanceof TemporalFailure temporal
            ? temporal.getOriginalMessage()
            : root.getMessage();
    return message == null || message.isEmpty() ? root.getClass().getSimpleName() : message;
  }
}
