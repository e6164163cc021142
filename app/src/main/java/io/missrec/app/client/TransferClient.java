package io.missrec.app.client;

import io.missrec.activities.lineage.LineageStore;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.workflows.WorkflowIds;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.transfer.TransferWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;

/**
 * Starts cold-start transfers from registered model versions, for the CLI and for other services.
 * Needs Temporal (workers serving the cpu and gpu queues do the work) and read access to the
 * lineage database (to find the version's checkpoint).
 *
 * <p>The workflow id is the transfer's business key (target, config, starting checkpoint digest,
 * registered name): starting the same transfer again, while it runs or after it completed, attaches
 * to that execution and gets its result; nothing trains twice. A failed transfer may be started
 * anew.
 */
public final class TransferClient {
  private final WorkflowClient client;
  private final RegisteredCheckpoints checkpoints;
  private final PipelineRunner runner;

  /**
   * @param pollInterval how often {@link TransferHandle#await} reads the progress
   */
  public TransferClient(WorkflowClient client, LineageStore lineage, Duration pollInterval) {
    this.client = client;
    this.checkpoints = new RegisteredCheckpoints(lineage);
    this.runner = new PipelineRunner(client, pollInterval);
  }

  /** The workflow request of {@code spec}: the version's checkpoint resolved from the registry. */
  public TransferRequest request(TransferSpec spec) {
    Checkpoint initial = spec.model() == null ? null : checkpoints.of(spec.model());
    TrainingConfig training =
        new TrainingConfig(
            spec.mode(),
            spec.epochs(),
            spec.seed(),
            spec.batchSize(),
            spec.learningRate(),
            spec.patience(),
            initial,
            spec.overrides());
    return new TransferRequest(
        spec.registeredName(),
        spec.target(),
        spec.features(),
        training,
        spec.featureShardItems(),
        spec.zeroShot(),
        spec.evaluationCutoffs(),
        spec.keepIntermediates());
  }

  /**
   * Starts the transfer, or attaches to the execution of the same transfer that is running or has
   * completed.
   *
   * @throws IllegalArgumentException when the model version is not registered
   */
  public TransferHandle start(TransferSpec spec) {
    TransferRequest request = request(spec);
    WorkflowOptions options = WorkflowIds.transferOptions(request);
    TransferWorkflow workflow = client.newWorkflowStub(TransferWorkflow.class, options);
    WorkflowExecution execution;
    boolean attached;
    try {
      execution = WorkflowClient.start(workflow::run, request);
      attached = false;
    } catch (WorkflowExecutionAlreadyStarted e) {
      execution = e.getExecution();
      attached = true;
    }
    return new TransferHandle(runner, execution.getWorkflowId(), execution.getRunId(), attached);
  }

  /** A handle on a transfer started earlier, by its workflow id (latest execution). */
  public TransferHandle attach(String workflowId) {
    return new TransferHandle(runner, workflowId, "", true);
  }
}
