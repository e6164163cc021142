package io.missrec.app.reliability;

import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.progress.ProgressTracking;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a running pipeline's training progress signals from its Temporal history. */
final class TrainingObserver {
  private final WorkflowClient client;
  private final String workflowId;

  TrainingObserver(WorkflowClient client, String workflowId) {
    this.client = client;
    this.workflowId = workflowId;
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
