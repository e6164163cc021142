package io.missrec.app.status;

import io.missrec.workflows.payload.Progress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Polls a pipeline workflow's progress query and hands every change to a consumer. */
public final class ProgressWatcher {
  /** Query name of {@code ProgressTracking#progress}. */
  public static final String QUERY = "progress";

  private final WorkflowClient client;
  private final Duration interval;

  public ProgressWatcher(WorkflowClient client, Duration interval) {
    this.client = client;
    this.interval = interval;
  }

  /** The current progress of {@code workflowId} (latest run). */
  public Progress query(String workflowId) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
    return stub.query(QUERY, Progress.class);
  }

  /**
   * Polls until the progress is terminal or {@code done} says so, calling {@code onChange} for the
   * first progress and every different one after it.
   *
   * @return the last progress seen
   */
  public Progress watch(String workflowId, BooleanSupplier done, Consumer<Progress> onChange)
      throws InterruptedException {
    Progress last = null;
    while (true) {
      boolean finished = done.getAsBoolean();
      Progress now = query(workflowId);
      if (!now.equals(last)) {
        onChange.accept(now);
        last = now;
      }
      if (ProgressView.terminal(now) || finished) {
        return last;
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
