package io.missrec.workflows.pretrain;

import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.progress.ProgressTracking;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Pre-training pipeline: ingest the source domains, extract their features, make augmented views,
 * discover interests, pre-train (GPU queue), evaluate on every source and register the model. Start
 * it with {@code WorkflowIds.pretrainOptions(request)}, so one business key runs once.
 */
@WorkflowInterface
public interface PretrainPipelineWorkflow extends ProgressTracking {

  @WorkflowMethod
  PipelineResult run(PipelineRequest request);
}
