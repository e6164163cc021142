package io.missrec.workflows.support;

import io.missrec.workflows.activities.RetentionActivities;
import io.missrec.workflows.payload.PruneRequest;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.progress.PipelineProgress;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

/**
 * The last stage of a pipeline, in workflow code: once the model is registered, the training
 * intermediates kept only so that a retried activity could resume are removed, unless the request
 * keeps them.
 */
public final class Cleanup {
  /** Change id of the clean-up stage; histories recorded before it replay without it. */
  public static final String CLEANUP_CHANGE = "cleanup-intermediates";

  private Cleanup() {}

  /**
   * @param skip true when there is nothing to remove or the request keeps it
   * @return what was removed, or null when skipped (or the history predates the stage, or the
   *     clean-up failed after its retries: the pipeline still succeeds, the intermediates stay)
   */
  public static PruneSummary run(
      RetentionActivities retention, PipelineProgress progress, boolean skip) {
    int version = Workflow.getVersion(CLEANUP_CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (version < 1 || skip) {
      return null;
    }
    progress.enter(Stage.CLEANUP);
    String workflowId = Workflow.getInfo().getWorkflowId();
    try {
      return retention.pruneIntermediates(new PruneRequest(workflowId));
    } catch (ActivityFailure e) {
      // The model is registered by now: housekeeping that failed even after its retries must not
      // fail the pipeline. What it did not remove stays for `artifact prune --workflow`.
      Workflow.getLogger(Cleanup.class)
          .warn(
              "clean-up of {} failed, its intermediates are kept: {}",
              workflowId,
              e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return null;
    }
  }
}
