package io.missrec.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.artifact.EmbeddedS3Server;
import io.missrec.activities.artifact.S3Config;
import io.missrec.app.config.Settings;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.FreshDatabase;
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
 * Issue 3, reliability: the S3 endpoint goes away for a few seconds while a pipeline runs (stopped,
 * then restarted on the same port and data directory). Activities fail, retry with backoff and the
 * run completes.
 */
@Tag("reliability")
class S3OutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(5);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void pipelineCompletesAcrossAnS3Outage() throws Exception {
    Path objects = dataDir.resolve("s3");
    EmbeddedS3Server s3 = EmbeddedS3Server.start(objects, 0, "outage-key", "outage-secret");
    int port = s3.port();
    try (FreshDatabase db = FreshDatabase.create()) {
      S3Config config = s3.config(S3Config.DEFAULT_BUCKET);
      Settings configured =
          Settings.fromEnv(
                  Map.of("MISSREC_DATA", dataDir.toString(), "MISSREC_JDBC_URL", db.jdbcUrl()),
                  dataDir)
              .withS3(config);
      try (EmbeddedStack stack = EmbeddedStack.start(configured);
          ServiceConnections services = ServiceConnections.open(stack.settings())) {
        Settings settings = stack.settings();
        Fixtures.assumeActivityImplementations(services, settings.workDir());
        PipelineRequest request = Fixtures.smallPretrain(dataDir.resolve("datasets"), 4);
        PipelineRunner runner =
            new PipelineRunner(services.workflowClient(), Duration.ofMillis(500));
        try (WorkerHost worker =
            WorkerHost.start(services, settings, Set.of(TaskQueues.CPU, TaskQueues.GPU))) {
          String workflowId = runner.startPretrain(request);
          // Wait until the pipeline is past ingest (it has written to S3), then cut S3 off.
          long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
          while (System.nanoTime() < deadline
              && runner.watcher().query(workflowId).stage().ordinal() < Stage.FEATURES.ordinal()) {
            Thread.sleep(200);
          }
          Thread.sleep(500);
          s3.close();
          Thread.sleep(OUTAGE.toMillis());
          s3 = EmbeddedS3Server.start(objects, port, config.accessKey(), config.secretKey());

          PipelineResult result = runner.await(workflowId, p -> {});

          assertThat(runner.watcher().query(workflowId).stage()).isEqualTo(Stage.COMPLETED);
          assertThat(result.modelVersion().name()).isEqualTo(request.modelName());
          assertThat(services.artifacts().exists(result.checkpoint().artifact().uri())).isTrue();
          services.artifacts().verify(result.checkpoint().artifact().uri());
        }
      }
    } finally {
      s3.close();
    }
  }
}
