package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * What a scheduled retrain did.
 *
 * @param decision retrain or skip, with the reason
 * @param pipelineWorkflowId the child pipeline's workflow id, null when skipped
 * @param pipeline the child pipeline's result, null when skipped
 */
public record ScheduledRetrainResult(
    RetrainDecision decision, String pipelineWorkflowId, PipelineResult pipeline) {
  public ScheduledRetrainResult {
    Objects.requireNonNull(decision, "decision");
  }
}
