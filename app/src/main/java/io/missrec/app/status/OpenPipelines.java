package io.missrec.app.status;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.missrec.workflows.payload.Progress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The workflows open in a namespace now, oldest first, each with the progress its workers report:
 * what {@code missrec status} lists when given no workflow id. A workflow whose workers do not
 * answer the progress query in time (none running, or busy) is listed without it.
 */
public final class OpenPipelines {
  private static final int PAGE = 100;

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final Duration queryTimeout;

  public OpenPipelines(WorkflowServiceStubs stubs, String namespace, Duration queryTimeout) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.queryTimeout = queryTimeout;
  }

  /**
   * One open workflow.
   *
   * @param progress what its progress query answered, or null
   * @param unanswered why there is no progress (e.g. no worker answered), or null
   */
  public record Open(
      String workflowId, String type, Instant started, Progress progress, String unanswered) {}

  public List<Open> list() {
    List<WorkflowExecutionInfo> infos = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse response =
          stubs
              .blockingStub()
              .listOpenWorkflowExecutions(
                  ListOpenWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setMaximumPageSize(PAGE)
                      .setNextPageToken(page)
                      .build());
      infos.addAll(response.getExecutionsList());
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    infos.sort(
        Comparator.comparingLong((WorkflowExecutionInfo i) -> i.getStartTime().getSeconds())
            .thenComparingInt(i -> i.getStartTime().getNanos())
            .thenComparing(i -> i.getExecution().getWorkflowId()));
    List<Open> open = new ArrayList<>();
    for (WorkflowExecutionInfo info : infos) {
      Instant started =
          Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos());
      Progress progress = null;
      String unanswered = null;
      try {
        progress = progress(info.getExecution());
      } catch (StatusRuntimeException e) {
        unanswered =
            switch (e.getStatus().getCode()) {
              case DEADLINE_EXCEEDED ->
                  "no worker answered within " + queryTimeout.toSeconds() + " s";
              default -> "progress not known (" + e.getStatus().getCode() + ")";
            };
      } catch (RuntimeException e) {
        unanswered = "progress not known (" + e.getMessage() + ")";
      }
      open.add(
          new Open(
              info.getExecution().getWorkflowId(),
              info.getType().getName(),
              started,
              progress,
              unanswered));
    }
    return open;
  }

  /** The progress query, with a deadline: a workflow nobody serves would hold it for minutes. */
  private Progress progress(WorkflowExecution execution) {
    QueryWorkflowResponse response =
        stubs
            .blockingStub()
            .withDeadlineAfter(queryTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .queryWorkflow(
                QueryWorkflowRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecution(execution)
                    .setQuery(WorkflowQuery.newBuilder().setQueryType(ProgressWatcher.QUERY))
                    .build());
    if (!response.hasQueryResult()) {
      throw new IllegalStateException("the query returned nothing");
    }
    return DataConverter.getDefaultInstance()
        .fromPayloads(0, Optional.of(response.getQueryResult()), Progress.class, Progress.class);
  }
}
