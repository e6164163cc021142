package io.missrec.workflows.retrain;

import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.ScheduledRetrainResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What a retraining schedule starts: snapshot the request's datasets, compare their digests with
 * those of the model's last successful training, then run the pre-training pipeline as a child
 * workflow or record a skip. Both outcomes go to the lineage ledger with their reason.
 */
@WorkflowInterface
public interface ScheduledRetrainWorkflow {

  @WorkflowMethod
  ScheduledRetrainResult run(PipelineRequest request);
}
