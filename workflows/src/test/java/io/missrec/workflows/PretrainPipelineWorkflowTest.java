package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.fakes.FakeCpuActivities;
import io.missrec.workflows.fakes.PipelineHarness;
import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.fakes.Stages;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.RegistrationRequest;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.support.Provenance;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PretrainPipelineWorkflowTest {
  private PipelineHarness harness;

  @BeforeEach
  void setUp() {
    harness = new PipelineHarness();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private PretrainPipelineWorkflow stub(PipelineRequest request) {
    return harness
        .client()
        .newWorkflowStub(PretrainPipelineWorkflow.class, WorkflowIds.pretrainOptions(request));
  }

  @Test
  void runsStagesInOrderAndPassesEachStageItsInputs() {
    harness.start();
    PipelineRequest request = Requests.pretrain("Games", "Arts");
    PretrainPipelineWorkflow workflow = stub(request);

    PipelineResult result = workflow.run(request);

    List<String> calls = harness.log.firstAttempts();
    assertThat(Stages.sequence(calls))
        .containsExactly(
            Stage.INGEST,
            Stage.FEATURES,
            Stage.AUGMENTATION,
            Stage.INTERESTS,
            Stage.PRETRAINING,
            Stage.EVALUATION,
            Stage.REGISTRATION,
            Stage.CLEANUP);
    assertThat(calls)
        .last()
        .isEqualTo("RetentionPruneIntermediates:" + WorkflowIds.pretrain(request) + "@missrec-cpu");
    assertThat(result.pruned()).isEqualTo(new PruneSummary(1, 42));
    assertThat(calls)
        .filteredOn(c -> c.startsWith("Training"))
        .containsExactly("TrainingPretrain:" + interestsDigest("Games+Arts") + "/2@missrec-gpu");
    assertThat(calls)
        .filteredOn(c -> !c.startsWith("Training"))
        .allMatch(c -> c.endsWith("@missrec-cpu"));

    assertThat(result.datasets())
        .extracting(d -> d.name() + ":" + d.sha256())
        .containsExactly(
            "Games:" + FakeCpuActivities.sha256("file:///data/Games/"),
            "Arts:" + FakeCpuActivities.sha256("file:///data/Arts/"));
    ArtifactRef expectedCheckpoint =
        FakeCpuActivities.artifact(
            "pretrain/" + interestsDigest("Games+Arts") + "/2/epoch-3", ArtifactKind.CHECKPOINT);
    assertThat(result.checkpoint().artifact()).isEqualTo(expectedCheckpoint);
    assertThat(result.checkpoint().epoch()).isEqualTo(3);
    assertThat(result.reports())
        .extracting(EvaluationReport::dataset)
        .containsExactly("Games", "Arts");
    assertThat(result.reports())
        .allSatisfy(
            r -> {
              assertThat(r.split()).isEqualTo("test");
              assertThat(r.report().uri()).contains(expectedCheckpoint.sha256());
              assertThat(r.metrics()).containsEntry("NDCG@10", 0.08);
            });

    RegistrationRequest registration = harness.cpu.registrations().get(0);
    assertThat(registration.checkpoint()).isEqualTo(result.checkpoint());
    assertThat(registration.reports()).isEqualTo(result.reports());
    assertThat(registration.tags())
        .containsEntry(Provenance.WORKFLOW_ID, WorkflowIds.pretrain(request))
        .containsEntry(Provenance.WORKFLOW_TYPE, "PretrainPipelineWorkflow")
        .containsEntry("dataset.Arts", FakeCpuActivities.sha256("file:///data/Arts/"));
    assertThat(result.modelVersion().version()).isEqualTo(1);

    Progress done = workflow.progress();
    assertThat(done.stage()).isEqualTo(Stage.COMPLETED);
    assertThat(done.metrics()).containsEntry("Games/NDCG@10", 0.08).containsKey("Arts/Recall@10");
  }

  @Test
  void aRequestThatKeepsItsIntermediatesSkipsTheCleanUp() {
    harness.start();
    PipelineRequest plain = Requests.pretrain("Games");
    PipelineRequest request = plain.withKeepIntermediates(true);

    PipelineResult result = stub(request).run(request);

    assertThat(Stages.sequence(harness.log.firstAttempts())).endsWith(Stage.REGISTRATION);
    assertThat(harness.log.attempts("RetentionPruneIntermediates")).isZero();
    assertThat(result.pruned()).isNull();
    assertThat(WorkflowIds.pretrain(request))
        .as("keeping the intermediates is housekeeping, not another model")
        .isEqualTo(WorkflowIds.pretrain(plain));
  }

  @Test
  void aCleanUpThatKeepsFailingLeavesTheRegisteredModelAndTheRunSucceeds() {
    harness.failures.failFirst(
        "RetentionPruneIntermediates", 100, () -> new IllegalStateException("S3 unreachable"));
    harness.start();
    PipelineRequest request = Requests.pretrain("Games");

    PipelineResult result = stub(request).run(request);

    assertThat(harness.log.attempts("RetentionPruneIntermediates"))
        .as("retried as any CPU activity")
        .isEqualTo(5);
    assertThat(result.pruned()).isNull();
    assertThat(result.modelVersion().version()).isEqualTo(1);
    assertThat(harness.cpu.registrations()).hasSize(1);
  }

  @Test
  void evaluatesEverySourceAtTheRequestedCutoffs() {
    harness.start();
    PipelineRequest plain = Requests.pretrain("Games", "Arts");
    PipelineRequest request = Requests.with(plain, 0, List.of(100));

    PipelineResult result = stub(request).run(request);

    assertThat(result.reports())
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(r.metrics()).containsKeys("Recall@10", "Recall@50", "Recall@100"));
    assertThat(WorkflowIds.pretrain(request)).isNotEqualTo(WorkflowIds.pretrain(plain));
  }

  @Test
  void queryShowsTrainingProgressWhileTrainingRuns() throws Exception {
    harness.training.holdAfter(2);
    harness.start();
    PipelineRequest request = Requests.pretrain("Games");
    PretrainPipelineWorkflow workflow = stub(request);
    WorkflowClient.start(workflow::run, request);

    Progress during = awaitEpoch(workflow, 2);

    assertThat(during.stage()).isEqualTo(Stage.PRETRAINING);
    assertThat(during.totalEpochs()).isEqualTo(3);
    assertThat(during.loss()).isEqualTo(0.5);
    assertThat(during.metrics()).containsEntry("NDCG@10", 0.02);
    assertThat(harness.log.calls()).noneMatch(c -> c.startsWith("Evaluation"));

    harness.training.release();
    harness
        .client()
        .newUntypedWorkflowStub(WorkflowIds.pretrain(request))
        .getResult(PipelineResult.class);
    assertThat(workflow.progress().stage()).isEqualTo(Stage.COMPLETED);
  }

  static List<String> nonRetryableTypes() {
    return ActivityErrors.NON_RETRYABLE;
  }

  @ParameterizedTest
  @MethodSource("nonRetryableTypes")
  void nonRetryableFailureFailsTheWorkflowAfterOneAttempt(String type) {
    harness.failures.failFirst(
        "FeatureExtract", 100, () -> ApplicationFailure.newFailure("bad features", type));
    harness.start();
    PipelineRequest request = Requests.pretrain("Games");
    PretrainPipelineWorkflow workflow = stub(request);

    assertThatThrownBy(() -> workflow.run(request))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(type));
    assertThat(harness.log.attempts("FeatureExtract")).isEqualTo(1);
    assertThat(harness.log.calls()).noneMatch(c -> c.startsWith("Augmentation"));
    assertThat(workflow.progress().stage()).isEqualTo(Stage.FAILED);
  }

  @Test
  void invalidInputFactoryIsNotRetriedEither() {
    harness.failures.failFirst(
        "DatasetIngest", 100, () -> ActivityErrors.invalidInput("no such folder: /data/Games"));
    harness.start();
    PipelineRequest request = Requests.pretrain("Games");

    assertThatThrownBy(() -> stub(request).run(request))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("no such folder");
    assertThat(harness.log.attempts("DatasetIngest")).isEqualTo(1);
  }

  @Test
  void retryableFailureIsRetriedWithBackoffAndSucceeds() {
    harness.failures.failFirst("FeatureExtract", 2, () -> new IllegalStateException("disk busy"));
    harness.start();
    PipelineRequest request = Requests.pretrain("Games");
    long before = harness.env.currentTimeMillis();

    PipelineResult result = stub(request).run(request);

    assertThat(result.modelVersion()).isNotNull();
    assertThat(harness.log.calls())
        .filteredOn(c -> c.startsWith("FeatureExtract"))
        .extracting(c -> c.substring(c.indexOf('#')))
        .containsExactly("#1", "#2", "#3");
    // initial interval 1 s, backoff 2: the retries waited 1 s + 2 s of (skipped) server time
    assertThat(Duration.ofMillis(harness.env.currentTimeMillis() - before))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void sameBusinessKeyIsRejectedAndTheCallerAttachesToTheRun() {
    harness.training.holdAfter(1);
    harness.start();
    PipelineRequest request = Requests.pretrain("Games");
    WorkflowClient.start(stub(request)::run, request);

    assertThatThrownBy(() -> WorkflowClient.start(stub(request)::run, request))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);

    harness.training.release();
    PipelineResult attached =
        harness
            .client()
            .newUntypedWorkflowStub(WorkflowIds.pretrain(request))
            .getResult(PipelineResult.class);
    assertThat(attached.checkpoint().epoch()).isEqualTo(3);
    // a completed run is not repeated either
    assertThatThrownBy(() -> WorkflowClient.start(stub(request)::run, request))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    assertThat(harness.cpu.registrations()).hasSize(1);
    assertThat(harness.log.attempts("TrainingPretrain")).isEqualTo(1);
  }

  private static String interestsDigest(String names) {
    return FakeCpuActivities.artifact(names + "/interests", ArtifactKind.INTEREST_ASSIGNMENTS)
        .sha256()
        .substring(0, 8);
  }

  static Progress awaitEpoch(io.missrec.workflows.progress.ProgressTracking workflow, int epoch)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Progress progress = workflow.progress();
    while (progress.epoch() < epoch && System.nanoTime() < deadline) {
      Thread.sleep(50);
      progress = workflow.progress();
    }
    return progress;
  }
}
