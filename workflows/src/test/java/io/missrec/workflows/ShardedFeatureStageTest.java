package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.fakes.PipelineHarness;
import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.fakes.Stages;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import io.missrec.workflows.payload.FeatureShardRequest;
import io.missrec.workflows.payload.FeatureShards;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflowImpl;
import io.missrec.workflows.support.FeatureStage;
import io.missrec.workflows.transfer.TransferWorkflow;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The features stage of the pipelines with fake activities (validation reports 20 items). */
class ShardedFeatureStageTest {
  private PipelineHarness harness;

  @BeforeEach
  void setUp() {
    harness = new PipelineHarness().start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void pretrainingShardsEncodedModalitiesOfLargeCataloguesAndReplays() throws Exception {
    PipelineRequest base = Requests.pretrain("Games", "Arts");
    PipelineRequest request =
        new PipelineRequest(
            base.modelName(),
            base.sources(),
            base.features(),
            base.augmentation(),
            base.interests(),
            base.training(),
            8);
    harness
        .client()
        .newWorkflowStub(PretrainPipelineWorkflow.class, WorkflowIds.pretrainOptions(request))
        .run(request);

    List<String> calls = harness.log.firstAttempts();
    // text (MiniLM) in shards [0,8) [8,16) [16,20) per source; the precomputed image is imported
    // by the merge, and no whole-catalogue extract runs
    assertThat(calls)
        .filteredOn(c -> c.startsWith("FeatureExtractShard:"))
        .containsExactlyInAnyOrder(
            "FeatureExtractShard:Games:0-8@missrec-cpu",
            "FeatureExtractShard:Games:8-16@missrec-cpu",
            "FeatureExtractShard:Games:16-20@missrec-cpu",
            "FeatureExtractShard:Arts:0-8@missrec-cpu",
            "FeatureExtractShard:Arts:8-16@missrec-cpu",
            "FeatureExtractShard:Arts:16-20@missrec-cpu");
    assertThat(calls)
        .filteredOn(c -> c.startsWith("FeatureMergeShards:"))
        .containsExactlyInAnyOrder(
            "FeatureMergeShards:Games:3@missrec-cpu", "FeatureMergeShards:Arts:3@missrec-cpu");
    assertThat(calls).noneMatch(c -> c.startsWith("FeatureExtract:"));
    assertThat(Stages.sequence(calls)).startsWith(Stage.INGEST, Stage.FEATURES, Stage.AUGMENTATION);

    // the sharded path replays against its own history
    WorkflowReplayer.replayWorkflowExecution(
        harness.client().fetchHistory(WorkflowIds.pretrain(request)),
        PretrainPipelineWorkflowImpl.class);
  }

  @Test
  void aCatalogueWithinOneShardKeepsTheSingleExtract() {
    TransferRequest request = Requests.transfer(TrainingMode.INDUCTIVE);
    assertThat(request.featureShardItems()).isEqualTo(FeatureShards.DEFAULT_SHARD_ITEMS);
    harness
        .client()
        .newWorkflowStub(TransferWorkflow.class, WorkflowIds.transferOptions(request))
        .run(request);
    assertThat(harness.log.firstAttempts())
        .filteredOn(c -> c.startsWith("Feature"))
        .containsExactly("FeatureExtract:Scientific@missrec-cpu");
  }

  @Test
  void planShardsOnlyEncoderModalitiesBeyondTheShardSize() {
    DatasetSummary summary =
        new DatasetSummary(new DatasetRef("s3://b/d/", "ab".repeat(32), "D", "unisrec"), 3, 5, 9);
    List<FeatureShardRequest> plan = FeatureStage.plan(summary, Requests.FEATURES, 2);
    assertThat(plan)
        .extracting(r -> r.modality() + "[" + r.firstItem() + "," + r.endItem() + ")")
        .containsExactly("text[0,2)", "text[2,4)", "text[4,5)");
    assertThat(FeatureStage.plan(summary, Requests.FEATURES, 5)).isEmpty();
    assertThat(
            FeatureStage.plan(summary, new FeatureSpec(Map.of("image", "precomputed:feat3CLS")), 1))
        .isEmpty();
    // image models run whole, never in shards
    assertThat(
            FeatureStage.plan(
                summary,
                new FeatureSpec(
                    Map.of(
                        "image",
                        "onnx:s3://b/other/" + "c".repeat(64),
                        "image2",
                        "torchscript:s3://b/other/" + "d".repeat(64) + "?batch=4")),
                1))
        .isEmpty();
    assertThatThrownBy(() -> FeatureStage.plan(summary, Requests.FEATURES, 0))
        .hasMessageContaining("shardItems");
    PipelineRequest base = Requests.pretrain("Games");
    assertThatThrownBy(
            () ->
                new PipelineRequest(
                    base.modelName(),
                    base.sources(),
                    base.features(),
                    base.augmentation(),
                    base.interests(),
                    base.training(),
                    -1))
        .hasMessageContaining("featureShardItems");
  }
}
