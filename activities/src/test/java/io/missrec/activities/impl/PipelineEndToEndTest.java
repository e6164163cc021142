package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.workflows.WorkflowIds;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.transfer.TransferWorkflow;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real workflows with the real activities on the in-memory Temporal server, PostgreSQL and
 * S3Proxy: pre-training over two synthetic domains, then a transductive transfer to the third. The
 * pre-training removes its training intermediates once registered (the default); the transfer, run
 * from the checkpoint that pre-training handed on, keeps its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
  @TempDir static Path dir;
  private static TestStack stack;
  private static TestWorkflowEnvironment env;
  private static PipelineResult pretrained;

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
  @Order(1)
  void pretrainingPipelineCompletesWithLineageBackToTheDatasets() throws Exception {
    PipelineRequest request =
        new PipelineRequest(
            "synth-pretrained",
            List.of(TestStack.synthetic("synth-a"), TestStack.synthetic("synth-b")),
            TestStack.FEATURES,
            TestStack.AUGMENTATION,
            InterestConfig.pretrainDefaults(),
            TestStack.training(TrainingMode.INDUCTIVE, 2, null));
    long started = System.nanoTime();
    pretrained =
        env.getWorkflowClient()
            .newWorkflowStub(PretrainPipelineWorkflow.class, WorkflowIds.pretrainOptions(request))
            .run(request);
    System.out.printf("pretrain pipeline: %.1f s%n", (System.nanoTime() - started) / 1e9);

    assertThat(pretrained.checkpoint().epoch()).isBetween(1, 2);
    assertThat(pretrained.reports()).hasSize(2);
    assertThat(pretrained.reports().get(0).metrics()).containsKeys("NDCG@10", "Recall@50");
    assertThat(pretrained.modelVersion().version()).isEqualTo(1);

    ModelVersion version = stack.lineage.findModelVersion("synth-pretrained", 1).orElseThrow();
    Ancestry ancestry = ancestry(version.checkpointUri());
    for (DatasetRef snapshot : pretrained.datasets()) {
      assertThat(ancestry.datasetDigests).contains(snapshot.sha256());
      assertThat(ancestry.artifacts).contains(snapshot.uri());
    }
    assertThat(ancestry.artifacts.stream().filter(u -> u.contains("/feature_table/"))).hasSize(4);
    assertThat(ancestry.artifacts.stream().filter(u -> u.contains("/interest_assignments/")))
        .hasSize(1);
    // the registered version points at the training run, which logged every epoch
    assertThat(stack.lineage.findRun(version.runId()).orElseThrow().activity())
        .isEqualTo("pretrain");
    assertThat(stack.lineage.metrics(version.runId()))
        .filteredOn(p -> p.key().equals("train/loss"))
        .extracting(p -> p.step())
        .containsExactly(1L, 2L);
    assertThat(stack.count("SELECT count(*) FROM run WHERE status <> 'succeeded'")).isZero();

    // the clean-up stage removed the intermediates (optimizer states at least), lineage kept them
    String workflowId = WorkflowIds.pretrain(request);
    List<ArtifactRef> intermediates = stack.ctx.retention().intermediatesOf(workflowId);
    assertThat(intermediates)
        .extracting(a -> a.kind())
        .contains(ArtifactKind.OPTIMIZER_STATE)
        .doesNotContain(ArtifactKind.FEATURE_TABLE);
    assertThat(pretrained.pruned())
        .isEqualTo(
            new PruneSummary(
                intermediates.size(),
                intermediates.stream().mapToLong(ArtifactRef::sizeBytes).sum()));
    for (ArtifactRef gone : intermediates) {
      assertThat(stack.ctx.artifacts().exists(gone)).as(gone.uri()).isFalse();
      assertThat(stack.ctx.retention().lastRemoval(gone.uri()))
          .hasValueSatisfying(r -> assertThat(r.reason()).contains(workflowId));
    }
    assertThat(intermediates).extracting(ArtifactRef::uri).doesNotContain(version.checkpointUri());
    stack.ctx.artifacts().verify(version.checkpointUri());
  }

  @Test
  @Order(2)
  void transferFromThePretrainedCheckpointCompletes() throws Exception {
    assertThat(pretrained).as("pre-training ran").isNotNull();
    TransferRequest request =
        new TransferRequest(
                "synth-c-transductive",
                TestStack.synthetic("synth-c"),
                TestStack.FEATURES,
                TestStack.training(TrainingMode.TRANSDUCTIVE, 2, pretrained.checkpoint()))
            .withKeepIntermediates(true);
    long started = System.nanoTime();
    PipelineResult result =
        env.getWorkflowClient()
            .newWorkflowStub(TransferWorkflow.class, WorkflowIds.transferOptions(request))
            .run(request);
    System.out.printf("transfer pipeline: %.1f s%n", (System.nanoTime() - started) / 1e9);

    assertThat(result.checkpoint().mode()).isEqualTo(TrainingMode.TRANSDUCTIVE);
    // this request kept its intermediates: no clean-up, every one still stored
    assertThat(result.pruned()).isNull();
    List<ArtifactRef> kept = stack.ctx.retention().intermediatesOf(WorkflowIds.transfer(request));
    assertThat(kept).isNotEmpty().allMatch(stack.ctx.artifacts()::exists);
    assertThat(result.reports().get(0).metrics().get("Recall@50")).isGreaterThan(0.0);
    ModelVersion version = stack.lineage.findModelVersion("synth-c-transductive", 1).orElseThrow();
    // the registry keeps each test metric and its standard error, as the evaluation reported them
    EvaluationReport test = result.reports().get(0);
    assertThat(version.metrics())
        .containsEntry("synth-c/test/NDCG@10", test.metrics().get("NDCG@10"))
        .containsEntry("synth-c/test/se/NDCG@10", test.standardErrors().get("NDCG@10"))
        .hasSize(test.metrics().size() + test.standardErrors().size());
    assertThat(test.standardErrors().get("NDCG@10")).isPositive();
    Ancestry ancestry = ancestry(version.checkpointUri());
    assertThat(ancestry.artifacts).contains(pretrained.checkpoint().artifact().uri());
    assertThat(ancestry.datasetDigests)
        .contains(result.datasets().get(0).sha256())
        .containsAll(pretrained.datasets().stream().map(DatasetRef::sha256).toList());
  }

  /** Everything a checkpoint was derived from, following lineage edges backwards. */
  private static Ancestry ancestry(String uri) {
    Ancestry found = new Ancestry();
    Deque<String> todo = new ArrayDeque<>(List.of(uri));
    while (!todo.isEmpty()) {
      for (LineageEdge edge : stack.lineage.edgesInto(todo.pop())) {
        if (edge.inputDatasetDigest() != null) {
          found.datasetDigests.add(edge.inputDatasetDigest());
        } else if (found.artifacts.add(edge.inputArtifactUri())) {
          todo.push(edge.inputArtifactUri());
        }
      }
    }
    return found;
  }

  private static final class Ancestry {
    final Set<String> datasetDigests = new HashSet<>();
    final Set<String> artifacts = new HashSet<>();
  }
}
