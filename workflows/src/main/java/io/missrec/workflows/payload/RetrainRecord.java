package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * A decision as the ledger records it, once per scheduled run.
 *
 * @param workflowId the scheduled run's workflow id (the ledger's key)
 * @param modelName model the run retrains
 * @param decision the decision
 * @param pipelineWorkflowId the child pipeline's workflow id when retraining, else null
 */
public record RetrainRecord(
    String workflowId, String modelName, RetrainDecision decision, String pipelineWorkflowId) {
  public RetrainRecord {
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(decision, "decision");
    if ((decision.choice() == RetrainChoice.RETRAIN) != (pipelineWorkflowId != null)) {
      throw new IllegalArgumentException(
          "pipelineWorkflowId: set exactly when the decision is to retrain");
    }
  }
}
