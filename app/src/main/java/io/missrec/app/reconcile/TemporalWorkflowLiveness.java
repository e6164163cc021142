package io.missrec.app.reconcile;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Locale;

/**
 * {@link WorkflowLiveness} from a Temporal frontend: DescribeWorkflowExecution on the workflow id
 * alone, so a workflow started again under the same id (a retried pipeline) counts by its newest
 * execution. A workflow the namespace does not know (closed and past the namespace's retention, or
 * run on an embedded in-memory server that has stopped) is closed.
 */
public final class TemporalWorkflowLiveness implements WorkflowLiveness {
  private final WorkflowServiceStubs stubs;
  private final String namespace;

  /**
   * @throws IllegalArgumentException when the namespace does not exist there: asking about its
   *     workflows would find none and call every run dead
   */
  public TemporalWorkflowLiveness(WorkflowServiceStubs stubs, String namespace) {
    this.stubs = stubs;
    this.namespace = namespace;
    try {
      stubs
          .blockingStub()
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new IllegalArgumentException(
            "Temporal namespace '" + namespace + "' does not exist (TEMPORAL_NAMESPACE)", e);
      }
      throw e;
    }
  }

  @Override
  public WorkflowState state(String workflowId) {
    try {
      WorkflowExecutionStatus status =
          stubs
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return WorkflowState.running();
      }
      return WorkflowState.closed(
          status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toUpperCase(Locale.ROOT));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return WorkflowState.closed("NOT_FOUND in namespace " + namespace);
      }
      throw e;
    }
  }
}
