package io.missrec.app.pipeline;

import io.missrec.app.status.ProgressWatcher;
import io.missrec.workflows.WorkflowIds;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.transfer.TransferWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Starts pipelines under their business-key ids (attaching to a run already going under the same
 * key) and waits for their results while following their progress.
 */
public final class PipelineRunner {
  private final WorkflowClient client;
  private final ProgressWatcher watcher;

  public PipelineRunner(WorkflowClient client, Duration pollInterval) {
    this.client = client;
    this.watcher = new ProgressWatcher(client, pollInterval);
  }

  /** Starts the pre-training pipeline; returns its workflow id. */
  public String startPretrain(PipelineRequest request) {
    WorkflowOptions options = WorkflowIds.pretrainOptions(request);
    PretrainPipelineWorkflow workflow =
        client.newWorkflowStub(PretrainPipelineWorkflow.class, options);
    return start(() -> WorkflowClient.start(workflow::run, request), options.getWorkflowId());
  }

  /** Starts the transfer workflow; returns its workflow id. */
  public String startTransfer(TransferRequest request) {
    WorkflowOptions options = WorkflowIds.transferOptions(request);
    TransferWorkflow workflow = client.newWorkflowStub(TransferWorkflow.class, options);
    return start(() -> WorkflowClient.start(workflow::run, request), options.getWorkflowId());
  }

  /** Waits for the workflow's result, handing each progress change to {@code onProgress}. */
  public PipelineResult await(String workflowId, Consumer<Progress> onProgress)
      throws InterruptedException {
    return await(workflowId, PipelineResult.class, onProgress);
  }

  /** As {@link #await(String, Consumer)} for a workflow whose result is a {@code type}. */
  public <T> T await(String workflowId, Class<T> type, Consumer<Progress> onProgress)
      throws InterruptedException {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
    CompletableFuture<T> result = stub.getResultAsync(type);
    watcher.watch(workflowId, result::isDone, onProgress);
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("workflow " + workflowId + " failed", cause);
    }
  }

  public ProgressWatcher watcher() {
    return watcher;
  }

  private static String start(Runnable start, String workflowId) {
    try {
      start.run();
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Same business key already running: follow that run instead of starting another.
    }
    return workflowId;
  }
}
