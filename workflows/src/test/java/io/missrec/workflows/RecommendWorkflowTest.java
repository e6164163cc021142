package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.fakes.FakeCpuActivities;
import io.missrec.workflows.fakes.PipelineHarness;
import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.fakes.Stages;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.RecommendResult;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.recommend.RecommendWorkflow;
import io.temporal.client.WorkflowFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecommendWorkflowTest {
  private PipelineHarness harness;

  @BeforeEach
  void setUp() {
    harness = new PipelineHarness();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  static RecommendRequest request(int top, boolean excludeSeen) {
    return new RecommendRequest(
        "missrec-scientific:3",
        Requests.pretrainedCheckpoint(),
        new DatasetRef("file:///data/Scientific/", null, "Scientific", "unisrec"),
        Requests.FEATURES,
        top,
        excludeSeen,
        0);
  }

  private RecommendWorkflow stub(RecommendRequest request, String requestId) {
    return harness
        .client()
        .newWorkflowStub(RecommendWorkflow.class, WorkflowIds.recommendOptions(request, requestId));
  }

  @Test
  void servesTheIngestedSnapshotWithItsFeaturesOnTheCpuQueue() {
    harness.start();
    RecommendRequest request = request(20, true);

    RecommendWorkflow workflow = stub(request, "r1");
    RecommendResult result = workflow.run(request);

    assertThat(Stages.sequence(harness.log.firstAttempts()))
        .containsExactly(Stage.INGEST, Stage.FEATURES, Stage.RECOMMENDATION);
    assertThat(harness.log.firstAttempts())
        .endsWith("ServingRecommend:Scientific/top20@missrec-cpu");
    assertThat(result.snapshot().uri()).isEqualTo("mem://datasets/Scientific");
    // the fake keys its lists on the checkpoint, the first feature table (by name) and the options
    String imageTable =
        FakeCpuActivities.artifact(
                result.snapshot().sha256() + "/image/precomputed:feat3CLS", ArtifactKind.FEATURES)
            .sha256();
    assertThat(result.recommendations().lists())
        .isEqualTo(
            FakeCpuActivities.artifact(
                Requests.pretrainedCheckpoint().artifact().sha256() + "/" + imageTable + "/20/true",
                ArtifactKind.RECOMMENDATIONS));
    assertThat(workflow.progress().stage()).isEqualTo(Stage.COMPLETED);
  }

  @Test
  void anIncompatibleCheckpointFailsAtOnce() {
    harness.failures.failFirst(
        "ServingRecommend",
        100,
        () -> ActivityErrors.incompatibleCheckpoint("has feature widths {text=8}"));
    harness.start();
    RecommendRequest request = request(10, true);
    RecommendWorkflow workflow = stub(request, "r2");

    assertThatThrownBy(() -> workflow.run(request))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("feature widths");
    assertThat(harness.log.attempts("ServingRecommend")).isEqualTo(1);
    assertThat(workflow.progress().stage()).isEqualTo(Stage.FAILED);
  }

  @Test
  void aRequestIdRunsOnceAndAnotherRunsAgain() {
    RecommendRequest request = request(10, true);
    String first = WorkflowIds.recommend(request, "nightly-2026-12-07");
    assertThat(first).startsWith("recommend-").endsWith("-nightly-2026-12-07");
    assertThat(WorkflowIds.recommend(request, "nightly-2026-12-07")).isEqualTo(first);
    assertThat(WorkflowIds.recommend(request, "nightly-2026-12-08")).isNotEqualTo(first);
    assertThat(WorkflowIds.recommend(request(11, true), "nightly-2026-12-07"))
        .as("other options, another run")
        .isNotEqualTo(first);
    assertThatThrownBy(() -> WorkflowIds.recommend(request, "a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request id 'a b'");
  }
}
