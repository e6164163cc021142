package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.lineage.RetrainEntry;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.RecBoleDomainWriter;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.ScheduledRetrainResult;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.retrain.ScheduledRetrainWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow a retraining schedule starts, started directly (the in-memory test server has no
 * Schedules API) with the real activities, PostgreSQL, S3Proxy and the real pipeline as its child:
 * a first run trains, an unchanged dataset is skipped, a changed one trains again.
 */
class ScheduledRetrainEndToEndTest {
  private static final String MODEL = "scheduled-synth-a";

  @TempDir static Path dir;
  private static TestStack stack;
  private static TestWorkflowEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    stack = new TestStack(dir);
    env = stack.workflowEnvironment();
    env.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (env != null) {
      env.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void retrainsOnlyWhenTheDataChangedAndRecordsEveryDecision() throws Exception {
    Path data = dir.resolve("synth-a");
    writeDomain(data, 1);
    PipelineRequest request =
        new PipelineRequest(
            MODEL,
            List.of(new DatasetRef(data.toUri().toString(), null, "synth-a", "unisrec")),
            TestStack.FEATURES,
            TestStack.AUGMENTATION,
            InterestConfig.pretrainDefaults(),
            TestStack.training(TrainingMode.INDUCTIVE, 1, null));
    long started = System.nanoTime();

    ScheduledRetrainResult first = run("scheduled-1", request);
    assertThat(first.decision().choice()).isEqualTo(RetrainChoice.RETRAIN);
    assertThat(first.decision().reason()).contains("no successful training of model " + MODEL);
    assertThat(first.pipelineWorkflowId()).isEqualTo("scheduled-1-pretrain");
    assertThat(first.pipeline().modelVersion().version()).isEqualTo(1);
    // the child trained on exactly the snapshot the decision was taken on
    assertThat(first.pipeline().datasets().get(0).sha256())
        .isEqualTo(first.decision().datasetDigests().get("synth-a"));

    ScheduledRetrainResult second = run("scheduled-2", request);
    assertThat(second.decision().choice()).isEqualTo(RetrainChoice.SKIP);
    assertThat(second.decision().reason())
        .startsWith("datasets unchanged since model " + MODEL + " version 1");
    assertThat(second.pipelineWorkflowId()).isNull();
    assertThat(second.decision().previousDigest()).isEqualTo(first.decision().datasetsDigest());
    assertThatThrownBy(
            () ->
                env.getWorkflowClient()
                    .newUntypedWorkflowStub("scheduled-2-pretrain")
                    .getResult(Object.class))
        .as("no pipeline was started for a skip")
        .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
    assertThat(stack.count("SELECT count(*) FROM model_version WHERE name = '" + MODEL + "'"))
        .isEqualTo(1);

    writeDomain(data, 2);
    ScheduledRetrainResult third = run("scheduled-3", request);
    assertThat(third.decision().choice()).isEqualTo(RetrainChoice.RETRAIN);
    assertThat(third.decision().reason())
        .startsWith("datasets changed since model " + MODEL + " version 1: synth-a changed ");
    assertThat(third.pipeline().modelVersion().version()).isEqualTo(2);
    System.out.printf("three scheduled retrains: %.1f s%n", (System.nanoTime() - started) / 1e9);

    List<RetrainEntry> ledger = stack.lineage.retrainLedger().recent(MODEL, 10);
    assertThat(ledger)
        .extracting(RetrainEntry::workflowId)
        .containsExactly("scheduled-3", "scheduled-2", "scheduled-1");
    assertThat(ledger)
        .extracting(RetrainEntry::decision)
        .containsExactly("retrain", "skip", "retrain");
    assertThat(ledger)
        .extracting(RetrainEntry::status)
        .containsExactly("succeeded", "skipped", "succeeded");
    assertThat(ledger).extracting(RetrainEntry::modelVersion).containsExactly(2L, null, 1L);
    assertThat(ledger).allSatisfy(entry -> assertThat(entry.finishedAt()).isNotNull());
    assertThat(ledger.get(1).reason()).isEqualTo(second.decision().reason());
    assertThat(ledger.get(1).previousDigest()).isEqualTo(ledger.get(2).datasetsDigest());
    assertThat(ledger.get(0).datasetsDigest()).isNotEqualTo(ledger.get(2).datasetsDigest());
  }

  @Test
  void aFailedPipelineIsRecordedAsAFailedRetrain() {
    TrainingConfig valid = TestStack.training(TrainingMode.INDUCTIVE, 1, null);
    Map<String, String> overrides = new TreeMap<>(valid.overrides());
    overrides.put("no_such_parameter", "1");
    PipelineRequest request =
        new PipelineRequest(
            "scheduled-broken",
            List.of(TestStack.synthetic("synth-b")),
            TestStack.FEATURES,
            TestStack.AUGMENTATION,
            InterestConfig.pretrainDefaults(),
            new TrainingConfig(
                valid.mode(),
                valid.epochs(),
                valid.seed(),
                valid.batchSize(),
                valid.learningRate(),
                valid.patience(),
                null,
                overrides));

    assertThatThrownBy(() -> run("scheduled-broken-1", request))
        .isInstanceOf(WorkflowFailedException.class);

    RetrainEntry entry = stack.lineage.retrainLedger().recent("scheduled-broken", 10).get(0);
    assertThat(entry.decision()).isEqualTo("retrain");
    assertThat(entry.status()).isEqualTo("failed");
    assertThat(entry.failure()).contains("no_such_parameter");
    assertThat(entry.modelVersion()).isNull();
  }

  private static ScheduledRetrainResult run(String workflowId, PipelineRequest request) {
    ScheduledRetrainWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                ScheduledRetrainWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TaskQueues.CPU)
                    .build());
    return workflow.run(request);
  }

  /** synth-a of the small synthetic config with {@code seed}: another seed, other bytes. */
  private static void writeDomain(Path folder, long seed) throws Exception {
    if (Files.exists(folder)) {
      DeterministicArchive.deleteTree(folder);
    }
    Files.createDirectories(folder);
    SyntheticConfig config = SyntheticConfig.defaults().withSeed(seed).withSize(60, 120);
    RecBoleDomainWriter.write(
        SyntheticDomains.generate(config).get(0), folder, DomainReadOptions.STANDARD_FEATURES);
  }
}
