package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.fakes.FakeCpuActivities;
import io.missrec.workflows.fakes.PipelineHarness;
import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.fakes.Stages;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.RegistrationRequest;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.support.Provenance;
import io.missrec.workflows.transfer.TransferWorkflow;
import io.temporal.client.WorkflowClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransferWorkflowTest {
  private PipelineHarness harness;

  @BeforeEach
  void setUp() {
    harness = new PipelineHarness();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private TransferWorkflow stub(TransferRequest request) {
    return harness
        .client()
        .newWorkflowStub(TransferWorkflow.class, WorkflowIds.transferOptions(request));
  }

  @ParameterizedTest
  @EnumSource(TrainingMode.class)
  void fineTunesFromThePretrainedCheckpointInTheRequestedMode(TrainingMode mode) {
    harness.start();
    TransferRequest request = Requests.transfer(mode);

    PipelineResult result = stub(request).run(request);

    assertThat(Stages.sequence(harness.log.firstAttempts()))
        .containsExactly(
            Stage.INGEST,
            Stage.FEATURES,
            Stage.FINE_TUNING,
            Stage.EVALUATION,
            Stage.REGISTRATION,
            Stage.CLEANUP);
    assertThat(harness.log.firstAttempts())
        .contains("TrainingFineTune:Scientific/" + mode + "@missrec-gpu")
        .endsWith("RetentionPruneIntermediates:" + WorkflowIds.transfer(request) + "@missrec-cpu");
    assertThat(result.pruned()).isEqualTo(new PruneSummary(1, 42));
    String pretrained = Requests.pretrainedCheckpoint().artifact().sha256();
    assertThat(result.checkpoint().artifact())
        .isEqualTo(
            FakeCpuActivities.artifact(
                "finetune/Scientific/" + mode + "/" + pretrained.substring(0, 8) + "/epoch-2",
                ArtifactKind.CHECKPOINT));
    assertThat(result.checkpoint().mode()).isEqualTo(mode);
    assertThat(result.reports())
        .singleElement()
        .satisfies(r -> assertThat(r.dataset()).isEqualTo("Scientific"));

    RegistrationRequest registration = harness.cpu.registrations().get(0);
    assertThat(registration.modelName()).isEqualTo("missrec-scientific");
    assertThat(registration.tags())
        .containsEntry(Provenance.INITIAL_CHECKPOINT, pretrained)
        .containsEntry(Provenance.WORKFLOW_TYPE, "TransferWorkflow")
        .containsEntry("dataset.Scientific", result.datasets().get(0).sha256());
  }

  @Test
  void trainingFromScratchHasNoInitialCheckpointTag() {
    harness.start();
    TransferRequest fromPretrained = Requests.transfer(TrainingMode.INDUCTIVE);
    TransferRequest request =
        new TransferRequest(
            fromPretrained.modelName(),
            fromPretrained.target(),
            fromPretrained.features(),
            fromPretrained.training().withInitialCheckpoint(null));

    PipelineResult result = stub(request).run(request);

    assertThat(result.checkpoint().artifact().uri()).contains("/scratch/");
    assertThat(harness.cpu.registrations().get(0).tags())
        .doesNotContainKey(Provenance.INITIAL_CHECKPOINT);
  }

  @Test
  void zeroShotEvaluatesAndRegistersThePretrainedCheckpointWithoutFineTuning() {
    harness.start();
    TransferRequest base = Requests.transfer(TrainingMode.INDUCTIVE);
    TransferRequest request =
        new TransferRequest(
            "missrec-scientific-zero-shot",
            base.target(),
            base.features(),
            base.training(),
            base.featureShardItems(),
            true);

    PipelineResult result = stub(request).run(request);

    assertThat(Stages.sequence(harness.log.firstAttempts()))
        .as("nothing was trained, so nothing is cleaned up")
        .containsExactly(Stage.INGEST, Stage.FEATURES, Stage.EVALUATION, Stage.REGISTRATION);
    assertThat(result.pruned()).isNull();
    assertThat(result.checkpoint()).isEqualTo(Requests.pretrainedCheckpoint());
    assertThat(harness.cpu.registrations().get(0).tags())
        .containsEntry(Provenance.ZERO_SHOT, "true")
        .containsEntry(
            Provenance.INITIAL_CHECKPOINT, Requests.pretrainedCheckpoint().artifact().sha256());
    assertThat(WorkflowIds.transfer(request)).isNotEqualTo(WorkflowIds.transfer(base));
  }

  @Test
  void evaluatesTheTargetAtTheRequestedCutoffsAndTheProtocols() {
    harness.start();
    TransferRequest base = Requests.transfer(TrainingMode.INDUCTIVE);
    TransferRequest request =
        new TransferRequest(
            base.modelName(),
            base.target(),
            base.features(),
            base.training(),
            base.featureShardItems(),
            false,
            List.of(20, 5, 20));

    PipelineResult result = stub(request).run(request);

    assertThat(request.evaluationCutoffs()).containsExactly(5, 10, 20, 50);
    assertThat(base.evaluationCutoffs()).containsExactly(10, 50);
    assertThat(result.reports().get(0).metrics())
        .containsOnlyKeys("NDCG@10", "Recall@5", "Recall@10", "Recall@20", "Recall@50");
    assertThat(WorkflowIds.transfer(request)).isNotEqualTo(WorkflowIds.transfer(base));
    assertThatThrownBy(
            () ->
                new TransferRequest(
                    base.modelName(),
                    base.target(),
                    base.features(),
                    base.training(),
                    0,
                    false,
                    List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evaluationCutoffs: a cutoff must be >= 1, got 0");
  }

  @Test
  void zeroShotNeedsAnInductivePretrainedCheckpoint() {
    TransferRequest inductive = Requests.transfer(TrainingMode.INDUCTIVE);
    TransferRequest transductive = Requests.transfer(TrainingMode.TRANSDUCTIVE);

    assertThatThrownBy(
            () ->
                new TransferRequest(
                    "m",
                    inductive.target(),
                    inductive.features(),
                    inductive.training().withInitialCheckpoint(null),
                    0,
                    true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an initial checkpoint");
    assertThatThrownBy(
            () ->
                new TransferRequest(
                    "m",
                    transductive.target(),
                    transductive.features(),
                    transductive.training(),
                    0,
                    true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only inductive");
  }

  @Test
  void queryShowsFineTuningProgress() throws Exception {
    harness.training.holdAfter(1);
    harness.start();
    TransferRequest request = Requests.transfer(TrainingMode.TRANSDUCTIVE);
    TransferWorkflow workflow = stub(request);
    WorkflowClient.start(workflow::run, request);

    Progress during = PretrainPipelineWorkflowTest.awaitEpoch(workflow, 1);

    assertThat(during.stage()).isEqualTo(Stage.FINE_TUNING);
    assertThat(during.epoch()).isEqualTo(1);
    assertThat(during.totalEpochs()).isEqualTo(2);
    assertThat(during.loss()).isEqualTo(1.0);
    harness.training.release();
    harness
        .client()
        .newUntypedWorkflowStub(WorkflowIds.transfer(request))
        .getResult(PipelineResult.class);
    Progress done = workflow.progress();
    assertThat(done.stage()).isEqualTo(Stage.COMPLETED);
    assertThat(done.epoch()).isEqualTo(2);
    assertThat(done.metrics()).containsEntry("Scientific/NDCG@10", 0.07);
  }
}
