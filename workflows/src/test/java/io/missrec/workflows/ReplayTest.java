package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflowImpl;
import io.missrec.workflows.recommend.RecommendWorkflowImpl;
import io.missrec.workflows.transfer.TransferWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories (see {@link HistoryRecorder}) against today's workflow code: a change
 * that issues other commands for the same history fails here instead of breaking running pipelines.
 */
class ReplayTest {
  static final String PRETRAIN = "histories/pretrain-pipeline.json";
  static final String TRANSFER = "histories/transfer.json";
  static final String RECOMMEND = "histories/recommend.json";

  /** Recorded before the clean-up stage: they must replay without scheduling it. */
  static final String PRETRAIN_BEFORE_CLEANUP = "histories/pretrain-pipeline-before-cleanup.json";

  static final String TRANSFER_BEFORE_CLEANUP = "histories/transfer-before-cleanup.json";

  @Test
  void pretrainPipelineReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        PRETRAIN, PretrainPipelineWorkflowImpl.class);
  }

  @Test
  void transferReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(TRANSFER, TransferWorkflowImpl.class);
  }

  @Test
  void recommendReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(RECOMMEND, RecommendWorkflowImpl.class);
  }

  @Test
  void historiesFromBeforeTheCleanUpStageReplay() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        PRETRAIN_BEFORE_CLEANUP, PretrainPipelineWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        TRANSFER_BEFORE_CLEANUP, TransferWorkflowImpl.class);
  }

  @Test
  void replayCatchesAChangedStageOrder() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    PRETRAIN, ExtractsBeforeIngest.class))
        .hasStackTraceContaining("NonDeterministicException");
  }

  /** The pipeline with a stage moved: features of the first source requested before ingest. */
  public static class ExtractsBeforeIngest implements PretrainPipelineWorkflow {
    private final PretrainPipelineWorkflowImpl real = new PretrainPipelineWorkflowImpl();
    private final io.missrec.workflows.activities.FeatureActivities features =
        io.temporal.workflow.Workflow.newActivityStub(
            io.missrec.workflows.activities.FeatureActivities.class, StageOptions.CPU_WORK);

    @Override
    public PipelineResult run(PipelineRequest request) {
      features.extract(
          new io.missrec.workflows.payload.FeatureRequest(
              request.sources().get(0), request.features()));
      return real.run(request);
    }

    @Override
    public Progress progress() {
      return real.progress();
    }

    @Override
    public void reportProgress(Progress progress) {
      real.reportProgress(progress);
    }
  }
}
