package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedTemporal;
import io.missrec.app.stack.TemporalConnection;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code missrec status} without a workflow id, against Temporal's in-memory server: open workflows
 * are listed with the stage their workers report, one nobody serves without it, closed ones not.
 */
class StatusListTest {
  @TempDir Path dir;

  /** A pipeline that reports a fixed progress until told to finish. */
  @WorkflowInterface
  public interface FakePipeline {
    @WorkflowMethod
    void run();

    @QueryMethod(name = "progress")
    Progress progress();

    @SignalMethod
    void finish();
  }

  public static class FakePipelineImpl implements FakePipeline {
    private boolean finished;

    @Override
    public void run() {
      Workflow.await(() -> finished);
    }

    @Override
    public Progress progress() {
      return new Progress(Stage.PRETRAINING, 3, 20, 2.5, Map.of());
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  @Test
  void listsOpenWorkflowsWithTheStageTheirWorkersReport() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start()) {
      Settings settings =
          Settings.fromEnv(
              Map.of("MISSREC_DATA", dir.toString(), "TEMPORAL_ADDRESS", temporal.address()), dir);
      try (TemporalConnection connection = TemporalConnection.open(settings)) {
        WorkflowClient client = connection.client();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        factory
            .newWorker("status-test")
            .registerWorkflowImplementationTypes(FakePipelineImpl.class);
        factory.start();
        try {
          FakePipeline served =
              client.newWorkflowStub(
                  FakePipeline.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("pretrain-listed")
                      .setTaskQueue("status-test")
                      .build());
          WorkflowClient.start(served::run);
          start(client, "unserved", false);
          start(client, "terminated", true);

          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          int code =
              StatusCommand.list(settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));
          String out = bytes.toString(StandardCharsets.UTF_8);

          assertThat(code).isZero();
          assertThat(out)
              .startsWith("2 open workflows at " + temporal.address() + " (namespace default)")
              .containsPattern(
                  "pretrain-listed +FakePipeline +since \\S+Z  PRETRAINING epoch 3/20 loss 2.5000")
              .containsPattern(
                  "unserved +PretrainWorkflow +since \\S+Z  no worker answered within 3 s")
              .doesNotContain("terminated");
          assertThat(out.indexOf("pretrain-listed")).isLessThan(out.indexOf("unserved"));
          served.finish();
        } finally {
          factory.shutdownNow();
        }
      }
    }
  }

  private static void start(WorkflowClient client, String id, boolean terminate) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "PretrainWorkflow",
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("nobody-polls").build());
    stub.start();
    if (terminate) {
      stub.terminate("test");
    }
  }
}
