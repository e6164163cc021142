package io.missrec.app.reliability;

import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.TrainingHeartbeat;
import io.missrec.workflows.progress.ProgressTracking;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a running pipeline's training state from Temporal: heartbeats and progress signals. */
final class TrainingObserver {
  private final WorkflowClient client;
  private final String workflowId;

  TrainingObserver(WorkflowClient client, String workflowId) {
    this.client = client;
    this.workflowId = workflowId;
  }

  /** The last heartbeat the server holds for a pending training activity, if any. */
  Optional<TrainingHeartbeat> pendingTrainingHeartbeat() {
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build());
    for (PendingActivityInfo activity : response.getPendingActivitiesList()) {
      if (activity.getActivityType().getName().startsWith("Training")
          && activity.hasHeartbeatDetails()
          && activity.getHeartbeatDetails().getPayloadsCount() > 0) {
        return Optional.of(decode(activity.getHeartbeatDetails(), TrainingHeartbeat.class));
      }
    }
    return Optional.empty();
  }

  /** Number of events in the workflow's history so far. */
  long historyLength() {
    return client.fetchHistory(workflowId).getHistory().getEventsCount();
  }

  /** Epochs of the progress signals after the first {@code skipEvents} history events. */
  List<Integer> reportedEpochs(long skipEvents, long upToEvents) {
    List<Integer> epochs = new ArrayList<>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      if (event.getEventId() <= skipEvents || event.getEventId() > upToEvents) {
        continue;
      }
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
          && event
              .getWorkflowExecutionSignaledEventAttributes()
              .getSignalName()
              .equals(ProgressTracking.SIGNAL)) {
        Progress p =
            decode(event.getWorkflowExecutionSignaledEventAttributes().getInput(), Progress.class);
        epochs.add(p.epoch());
      }
    }
    return epochs;
  }

  private static <T> T decode(Payloads payloads, Class<T> type) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
        0, Optional.of(payloads), type, type);
  }
}
