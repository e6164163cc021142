package io.missrec.workflows.progress;

import io.missrec.workflows.payload.Progress;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports progress by signalling the workflow run that scheduled the activity. Build it inside the
 * activity method (it reads the activity's context there); it may then be called from any thread.
 */
public final class SignalProgressReporter implements ProgressReporter {
  private static final Logger log = LoggerFactory.getLogger(SignalProgressReporter.class);

  private final WorkflowClient client;
  private final String workflowId;
  private final String runId;

  public SignalProgressReporter(WorkflowClient client, String workflowId, String runId) {
    this.client = client;
    this.workflowId = workflowId;
    this.runId = runId;
  }

  /** A reporter to the workflow of the activity executing on the calling thread. */
  public static SignalProgressReporter forCurrentActivity(WorkflowClient client) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    return new SignalProgressReporter(client, info.getWorkflowId(), info.getRunId());
  }

  @Override
  public void report(Progress progress) {
    try {
      client
          .newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty())
          .signal(ProgressTracking.SIGNAL, progress);
    } catch (RuntimeException e) {
      log.warn("progress of {} ({}) not reported: {}", workflowId, runId, e.toString());
    }
  }
}
