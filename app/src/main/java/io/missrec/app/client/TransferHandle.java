package io.missrec.app.client;

import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import java.util.function.Consumer;

/**
 * A started (or attached-to) transfer. Starting the same transfer again gives a handle on the same
 * workflow execution, so {@link #workflowId()} and {@link #runId()} are equal for both.
 */
public final class TransferHandle {
  private final PipelineRunner runner;
  private final String workflowId;
  private final String runId;
  private final boolean attached;

  TransferHandle(PipelineRunner runner, String workflowId, String runId, boolean attached) {
    this.runner = runner;
    this.workflowId = workflowId;
    this.runId = runId;
    this.attached = attached;
  }

  /** The business-key workflow id ({@code transfer-...}); {@code ./missrec status} takes it. */
  public String workflowId() {
    return workflowId;
  }

  /** The Temporal run id of the execution this handle follows. */
  public String runId() {
    return runId;
  }

  /** Whether the start found the same transfer already running or finished and attached to it. */
  public boolean attached() {
    return attached;
  }

  /** The progress now (stage, epoch, loss, metrics). */
  public Progress progress() {
    return runner.watcher().query(workflowId);
  }

  /**
   * Waits for the result, handing every progress change to {@code listener}.
   *
   * @throws io.temporal.client.WorkflowFailedException when the transfer failed
   */
  public PipelineResult await(Consumer<Progress> listener) throws InterruptedException {
    return runner.await(workflowId, listener);
  }

  /** Waits for the result without following the progress. */
  public PipelineResult result() throws InterruptedException {
    return await(p -> {});
  }
}
