package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * How a retrain the ledger recorded ended.
 *
 * @param workflowId the scheduled run's workflow id
 * @param succeeded whether the pipeline completed
 * @param modelVersion the registered version when it succeeded, else null
 * @param failure the pipeline's failure message when it failed, else null
 */
public record RetrainOutcome(
    String workflowId, boolean succeeded, Integer modelVersion, String failure) {
  public RetrainOutcome {
    Objects.requireNonNull(workflowId, "workflowId");
    if (succeeded != (modelVersion != null) || succeeded == (failure != null)) {
      throw new IllegalArgumentException(
          "a succeeded outcome has a model version, a failed one a failure message");
    }
  }

  public static RetrainOutcome succeeded(String workflowId, int modelVersion) {
    return new RetrainOutcome(workflowId, true, modelVersion, null);
  }

  public static RetrainOutcome failed(String workflowId, String failure) {
    return new RetrainOutcome(workflowId, false, null, failure);
  }
}
