package io.missrec.app.reconcile;

/**
 * Whether a workflow can still act: the orchestrator's word on it, which lineage cannot give. A run
 * marked running in lineage is alive only while the workflow that started it is open.
 */
public interface WorkflowLiveness {

  /**
   * The state of the latest execution under {@code workflowId}.
   *
   * @throws RuntimeException when the orchestrator cannot be asked; the caller must then decide
   *     nothing
   */
  WorkflowState state(String workflowId);

  /**
   * What the orchestrator says of a workflow id.
   *
   * @param open whether an execution under the id can still schedule or run activities
   * @param description for people: the closing status (e.g. {@code TERMINATED}) or why it is
   *     unknown
   */
  record WorkflowState(boolean open, String description) {
    public static WorkflowState running() {
      return new WorkflowState(true, "RUNNING");
    }

    public static WorkflowState closed(String description) {
      return new WorkflowState(false, description);
    }
  }
}
