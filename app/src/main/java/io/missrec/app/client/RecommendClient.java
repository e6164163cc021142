package io.missrec.app.client;

import io.missrec.activities.lineage.LineageStore;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.registry.ModelRef;
import io.missrec.workflows.WorkflowIds;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.RecommendResult;
import io.missrec.workflows.recommend.RecommendWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Starts batch recommendation from registered model versions through the workflows, for the CLI and
 * for other services (a nightly job, say). Needs Temporal (workers serving the cpu queue do the
 * work) and read access to the lineage database (to find the version's checkpoint).
 */
public final class RecommendClient {
  /** A started run: its workflow id, and whether the request id had already started it. */
  public record Started(String workflowId, boolean attached) {}

  private final WorkflowClient client;
  private final RegisteredCheckpoints checkpoints;
  private final PipelineRunner runner;

  /**
   * @param pollInterval how often {@link #await} reads the progress
   */
  public RecommendClient(WorkflowClient client, LineageStore lineage, Duration pollInterval) {
    this.client = client;
    this.checkpoints = new RegisteredCheckpoints(lineage);
    this.runner = new PipelineRunner(client, pollInterval);
  }

  /**
   * The workflow request: the version's checkpoint resolved from the registry.
   *
   * @throws IllegalArgumentException when the model version is not registered
   */
  public RecommendRequest request(
      ModelRef model,
      DatasetRef target,
      FeatureSpec features,
      int top,
      boolean excludeSeen,
      int featureShardItems) {
    return new RecommendRequest(
        model.toString(),
        checkpoints.of(model),
        target,
        features,
        top,
        excludeSeen,
        featureShardItems);
  }

  /**
   * Starts the run of {@code requestId}, or attaches to it when a start with the same request id
   * (and request) came first.
   */
  public Started start(RecommendRequest request, String requestId) {
    WorkflowOptions options = WorkflowIds.recommendOptions(request, requestId);
    RecommendWorkflow workflow = client.newWorkflowStub(RecommendWorkflow.class, options);
    try {
      WorkflowClient.start(workflow::run, request);
      return new Started(options.getWorkflowId(), false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new Started(options.getWorkflowId(), true);
    }
  }

  /**
   * Waits for the result, handing every progress change to {@code listener}.
   *
   * @throws io.temporal.client.WorkflowFailedException when the run failed
   */
  public RecommendResult await(String workflowId, Consumer<Progress> listener)
      throws InterruptedException {
    return runner.await(workflowId, RecommendResult.class, listener);
  }
}
