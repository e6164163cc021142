package io.missrec.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.lineage.LineageStoreException;
import io.missrec.app.config.Settings;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.stack.EmbeddedPostgresServer;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.app.worker.WorkerHost;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Stage;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, reliability: the lineage database goes away while a pipeline runs (the embedded
 * PostgreSQL is stopped, then restarted on the same port and data directory). An activity fails on
 * it, is retried with backoff, and the run completes without duplicate lineage.
 */
@Tag("reliability")
class PostgresOutageTest {
  private static final int EPOCHS = 3;

  /** The database stays down at least this long, ... */
  private static final Duration MIN_OUTAGE = Duration.ofSeconds(6);

  /**
   * ... and until an activity is seen retrying after a failure, but never longer than this: a call
   * that finds no connection fails after the pool's 30 s connection timeout.
   */
  private static final Duration MAX_OUTAGE = Duration.ofSeconds(45);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void pipelineCompletesAcrossAPostgresOutage() throws Exception {
    Path pgData = dataDir.resolve("postgres");
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(pgData);
    int port = postgres.port();
    try {
      Settings configured =
          Settings.fromEnv(Map.of("MISSREC_DATA", dataDir.toString()), dataDir)
              .withDatabase(postgres.config());
      try (EmbeddedStack stack = EmbeddedStack.start(configured);
          ServiceConnections services = ServiceConnections.open(stack.settings())) {
        Settings settings = stack.settings();
        Fixtures.assumeActivityImplementations(services, settings.workDir());
        PipelineRequest request = Fixtures.smallPretrain(dataDir.resolve("datasets"), EPOCHS);
        PipelineRunner runner =
            new PipelineRunner(services.workflowClient(), Duration.ofMillis(500));
        try (WorkerHost worker =
            WorkerHost.start(services, settings, Set.of(TaskQueues.CPU, TaskQueues.GPU))) {
          String workflowId = runner.startPretrain(request);
          // Past ingest every activity reads and writes lineage; cut the database off there.
          long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
          while (System.nanoTime() < deadline
              && runner.watcher().query(workflowId).stage().ordinal() < Stage.FEATURES.ordinal()) {
            Thread.sleep(200);
          }
          postgres.close();
          Optional<PendingActivityInfo> retried = awaitRetry(services.workflowClient(), workflowId);
          postgres = EmbeddedPostgresServer.start(pgData, port);

          PipelineResult result = runner.await(workflowId, p -> {});

          assertThat(retried)
              .as("an activity failed on the missing database and was scheduled again")
              .hasValueSatisfying(
                  a ->
                      assertThat(
                              a.getLastFailure().getApplicationFailureInfo().getType()
                                  + ": "
                                  + a.getLastFailure().getMessage())
                          .startsWith(LineageStoreException.class.getName()));
          assertThat(runner.watcher().query(workflowId).stage()).isEqualTo(Stage.COMPLETED);
          assertThat(result.modelVersion().name()).isEqualTo(request.modelName());
          assertNoDuplicateLineage(services.dataSource(), workflowId, request.modelName());
        }
      }
    } finally {
      postgres.close();
    }
  }

  /**
   * Waits while the database is down until a pending activity has failed and is waiting for (or
   * running) its next attempt, at least {@link #MIN_OUTAGE} and at most {@link #MAX_OUTAGE}.
   */
  private static Optional<PendingActivityInfo> awaitRetry(WorkflowClient client, String workflowId)
      throws InterruptedException {
    long start = System.nanoTime();
    Optional<PendingActivityInfo> retried = Optional.empty();
    while (System.nanoTime() - start < MAX_OUTAGE.toNanos()) {
      if (retried.isEmpty()) {
        retried = pendingRetry(client, workflowId);
      }
      if (retried.isPresent() && System.nanoTime() - start >= MIN_OUTAGE.toNanos()) {
        break;
      }
      Thread.sleep(200);
    }
    return retried;
  }

  private static Optional<PendingActivityInfo> pendingRetry(
      WorkflowClient client, String workflowId) {
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build());
    return response.getPendingActivitiesList().stream()
        .filter(a -> a.getAttempt() > 1 && a.hasLastFailure())
        .findFirst();
  }

  private static void assertNoDuplicateLineage(DataSource ds, String workflowId, String modelName)
      throws Exception {
    String runs =
        Fixtures.rows(
            ds,
            "SELECT id, activity, idempotency_key, status, attempt FROM run"
                + " WHERE workflow_id = ? ORDER BY id",
            workflowId);
    assertThat(
            Fixtures.count(
                ds,
                "SELECT count(*) FROM run WHERE workflow_id = ? AND status <> 'succeeded'",
                workflowId))
        .as("every run of the workflow finished:%s", runs)
        .isZero();
    assertThat(
            Fixtures.count(
                ds,
                "SELECT count(*) FROM run WHERE workflow_id = ? AND activity = 'pretrain'",
                workflowId))
        .as("one pre-training run:%s", runs)
        .isEqualTo(1);
    assertThat(
            Fixtures.count(
                ds,
                "SELECT count(*) FROM metric m JOIN run r ON r.id = m.run_id"
                    + " WHERE r.workflow_id = ? AND r.activity = 'pretrain'"
                    + " AND m.key = 'train/loss'",
                workflowId))
        .as("the training loss of every epoch, once")
        .isEqualTo(EPOCHS);
    assertThat(Fixtures.count(ds, "SELECT count(*) FROM model_version WHERE name = ?", modelName))
        .isEqualTo(1);
    assertThat(Fixtures.count(ds, "SELECT count(*) - count(DISTINCT (kind, sha256)) FROM artifact"))
        .as("no content recorded twice")
        .isZero();
    assertThat(
            Fixtures.count(
                ds,
                "SELECT count(*) - count(DISTINCT (input_key, output_artifact_uri, run_id, role))"
                    + " FROM lineage_edge"))
        .as("no lineage edge recorded twice")
        .isZero();
  }
}
