package io.missrec.activities.lineage;

import java.util.Objects;

/**
 * What an activity knows when it starts a run.
 *
 * @param idempotencyKey stable across retries of the same activity, e.g. {@code
 *     <workflowId>/<stage>}; see {@link #keyFor}
 * @param workflowId Temporal workflow id
 * @param workflowRunId Temporal run id of the workflow execution
 * @param activity stage name, e.g. {@code pretrain}
 * @param codeVersion git commit of the code that runs
 */
public record RunStart(
    String idempotencyKey,
    String workflowId,
    String workflowRunId,
    String activity,
    String codeVersion) {
  public RunStart {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(workflowRunId, "workflowRunId");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(codeVersion, "codeVersion");
  }

  /** A run start whose key is {@code workflowId + "/" + activity}. */
  public static RunStart of(
      String workflowId, String workflowRunId, String activity, String codeVersion) {
    return new RunStart(
        keyFor(workflowId, activity), workflowId, workflowRunId, activity, codeVersion);
  }

  public static String keyFor(String workflowId, String activity) {
    return workflowId + "/" + activity;
  }
}
