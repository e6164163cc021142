package io.missrec.workflows;

import io.missrec.workflows.fakes.PipelineHarness;
import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.recommend.RecommendWorkflow;
import io.missrec.workflows.transfer.TransferWorkflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories {@link ReplayTest} replays. Run it only when the workflows change in a way
 * meant to be incompatible (then old histories are kept under a new name, or versioned with {@code
 * Workflow.getVersion}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=HistoryRecorder -Dmissrec.recordHistories=true</pre>
 */
@EnabledIfSystemProperty(named = "missrec.recordHistories", matches = "true")
class HistoryRecorder {
  static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void recordPretrainPipeline() throws Exception {
    try (PipelineHarness harness = new PipelineHarness().start()) {
      PipelineRequest request = Requests.pretrain("Games", "Arts");
      harness
          .client()
          .newWorkflowStub(PretrainPipelineWorkflow.class, WorkflowIds.pretrainOptions(request))
          .run(request);
      write(harness, WorkflowIds.pretrain(request), ReplayTest.PRETRAIN);
    }
  }

  @Test
  void recordTransfer() throws Exception {
    try (PipelineHarness harness = new PipelineHarness().start()) {
      TransferRequest request = Requests.transfer(TrainingMode.TRANSDUCTIVE);
      harness
          .client()
          .newWorkflowStub(TransferWorkflow.class, WorkflowIds.transferOptions(request))
          .run(request);
      write(harness, WorkflowIds.transfer(request), ReplayTest.TRANSFER);
    }
  }

  @Test
  void recordRecommend() throws Exception {
    try (PipelineHarness harness = new PipelineHarness().start()) {
      RecommendRequest request = RecommendWorkflowTest.request(10, true);
      harness
          .client()
          .newWorkflowStub(
              RecommendWorkflow.class, WorkflowIds.recommendOptions(request, "recorded"))
          .run(request);
      write(harness, WorkflowIds.recommend(request, "recorded"), ReplayTest.RECOMMEND);
    }
  }

  private static void write(PipelineHarness harness, String workflowId, String resource)
      throws Exception {
    String json = harness.client().fetchHistory(workflowId).toJson(true);
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve(Path.of(resource).getFileName()), json, StandardCharsets.UTF_8);
  }
}
