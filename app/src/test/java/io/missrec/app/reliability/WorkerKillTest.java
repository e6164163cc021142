package io.missrec.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.missrec.app.config.Settings;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.FreshDatabase;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, reliability: {@code kill -9} of the worker process during pre-training. Temporal, S3 and
 * the database run in this JVM; the worker runs as a separate JVM. A second worker must take over,
 * resume training from the last heartbeated checkpoint and complete the workflow, with at most one
 * epoch redone and no duplicate lineage.
 */
@Tag("reliability")
class WorkerKillTest {
  private static final int EPOCHS = 8;
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void killedWorkerIsReplacedAndTrainingResumesFromItsLastCheckpoint() throws Exception {
    try (FreshDatabase db = FreshDatabase.create();
        EmbeddedStack stack =
            EmbeddedStack.start(
                Settings.fromEnv(
                        Map.of(
                            "MISSREC_DATA", dataDir.toString(), "MISSREC_JDBC_URL", db.jdbcUrl()),
                        dataDir)
                    .withTrainingHeartbeatTimeout(HEARTBEAT_TIMEOUT));
        ServiceConnections services = ServiceConnections.open(stack.settings())) {
      Settings settings = stack.settings();
      Fixtures.assumeActivityImplementations(services, settings.workDir());
      PipelineRequest request = Fixtures.smallPretrain(dataDir.resolve("datasets"), EPOCHS);
      PipelineRunner runner = new PipelineRunner(services.workflowClient(), Duration.ofSeconds(1));

      try (WorkerProcess first = WorkerProcess.start(settings, dataDir.resolve("worker-1.log"))) {
        String workflowId = runner.startPretrain(request);
        TrainingObserver observer = new TrainingObserver(services.workflowClient(), workflowId);

        // Kill during pre-training, once a couple of epochs (and their checkpoints) are done.
        int atKill = awaitTrainingEpoch(services.workflowClient(), workflowId, first, 2);
        first.kill();
        long killedAt = observer.historyLength();

        try (WorkerProcess second =
            WorkerProcess.start(settings, dataDir.resolve("worker-2.log"))) {
          PipelineResult result = runner.await(workflowId, p -> {});

          assertThat(result.modelVersion().name()).isEqualTo(request.modelName());
          List<Integer> before = observer.reportedEpochs(0, killedAt);
          List<Integer> after = observer.reportedEpochs(killedAt, Long.MAX_VALUE);
          Set<Integer> redone = new HashSet<>(before);
          redone.retainAll(after);
          assertThat(after)
              .as(
                  "the new attempt resumes at or after epoch %d (running at the kill), epochs"
                      + " before kill %s",
                  atKill, before)
              .isNotEmpty()
              .allMatch(e -> e >= atKill);
          assertThat(redone).as("epochs trained twice").hasSizeLessThanOrEqualTo(1);
          assertThat(after.get(after.size() - 1)).isEqualTo(EPOCHS);

          var ds = services.dataSource();
          assertThat(
                  Fixtures.count(
                      ds,
                      "SELECT count(*) FROM run WHERE workflow_id = ? AND activity = 'pretrain'",
                      workflowId))
              .as("the retried training activity reuses its lineage run")
              .isEqualTo(1);
          assertThat(
                  Fixtures.count(
                      ds, "SELECT count(*) FROM model_version WHERE name = ?", request.modelName()))
              .isEqualTo(1);
          assertThat(
                  Fixtures.count(
                      ds, "SELECT count(*) - count(DISTINCT (kind, sha256)) FROM artifact"))
              .as("no content recorded twice")
              .isZero();
          assertThat(
                  Fixtures.count(
                      ds,
                      "SELECT count(*) FROM run WHERE workflow_id = ? AND status <> "
                          + "'succeeded'",
                      workflowId))
              .as("every run of the workflow finished")
              .isZero();
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(e.getMessage() + "\n--- worker 1 ---\n" + first.tail(), e);
        }
      }
    }
  }

  /**
   * Waits until the workflow's progress query reports pre-training at {@code minEpoch} or later,
   * lets one heartbeat interval pass (so the checkpoint of the last finished epoch reaches the
   * server), and returns the epoch reported right before the kill.
   */
  private static int awaitTrainingEpoch(
      WorkflowClient client, String workflowId, WorkerProcess worker, int minEpoch)
      throws InterruptedException {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!worker.isAlive()) {
        fail("worker died before training:\n" + worker.tail());
      }
      Progress progress = stub.query("progress", Progress.class);
      if (progress.stage() == Stage.PRETRAINING && progress.epoch() >= minEpoch) {
        Thread.sleep(1500);
        return stub.query("progress", Progress.class).epoch();
      }
      Thread.sleep(200);
    }
    return fail(
        "pre-training did not reach epoch " + minEpoch + " in 3 minutes:\n" + worker.tail());
  }
}
