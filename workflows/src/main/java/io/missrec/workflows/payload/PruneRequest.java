package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * Which workflow execution's training intermediates to remove.
 *
 * @param workflowId the workflow whose runs produced them (the caller's own, from workflow code)
 */
public record PruneRequest(String workflowId) {
  public PruneRequest {
    Objects.requireNonNull(workflowId, "workflowId");
  }
}
