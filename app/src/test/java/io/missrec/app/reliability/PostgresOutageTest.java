package io.missrec.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, reliability: the lineage database goes away for a while in the middle of a pipeline (a
 * real PostgreSQL server stopped, then restarted on the same port and data directory). The
 * activities that hit it fail, are retried with backoff, and the run completes with every run
 * recorded once.
 */
@Tag("reliability")
class PostgresOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(5);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void pipelineCompletesAcrossADatabaseOutage() throws Exception {
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
        PipelineRequest request = Fixtures.smallPretrain(dataDir.resolve("datasets"), 3);
        PipelineRunner runner =
            new PipelineRunner(services.workflowClient(), Duration.ofMillis(500));
        try (WorkerHost worker =
            WorkerHost.start(services, settings, Set.of(TaskQueues.CPU, TaskQueues.GPU))) {
          String workflowId = runner.startPretrain(request);
          long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
          while (System.nanoTime() < deadline
              && runner.watcher().query(workflowId).stage().ordinal() < Stage.FEATURES.ordinal()) {
            Thread.sleep(200);
          }
          postgres.close();
          Thread.sleep(OUTAGE.toMillis());
          postgres = EmbeddedPostgresServer.start(pgData, port);

          PipelineResult result = runner.await(workflowId, p -> {});

          assertThat(runner.watcher().query(workflowId).stage()).isEqualTo(Stage.COMPLETED);
          assertThat(result.modelVersion().name()).isEqualTo(request.modelName());
          var ds = services.dataSource();
          assertThat(
                  Fixtures.count(
                      ds,
                      "SELECT count(*) FROM run WHERE workflow_id = ? AND status <> 'succeeded'",
                      workflowId))
              .as("every run of the workflow finished")
              .isZero();
          assertThat(
                  Fixtures.count(ds, "SELECT count(*) - count(DISTINCT idempotency_key) FROM run"))
              .isZero();
          assertThat(
                  Fixtures.count(
                      ds, "SELECT count(*) FROM model_version WHERE name = ?", request.modelName()))
              .isEqualTo(1);
        }
      }
    } finally {
      postgres.close();
    }
  }
}
