package io.missrec.workflows.transfer;

import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.progress.ProgressTracking;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Transfer to a target domain: ingest the target, extract its features, fine-tune (inductive or
 * transductive, from the pre-trained checkpoint) on the GPU queue, evaluate and register. Start it
 * with {@code WorkflowIds.transferOptions(request)}, so one business key runs once.
 */
@WorkflowInterface
public interface TransferWorkflow extends ProgressTracking {

  @WorkflowMethod
  PipelineResult run(TransferRequest request);
}
