package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowIdsTest {

  @Test
  void sameRequestGivesSameIdAndConfigChangesGiveAnother() {
    PipelineRequest request = Requests.pretrain("Games", "Arts");
    String id = WorkflowIds.pretrain(request);

    assertThat(id).matches("pretrain-[0-9a-f]{16}-[0-9a-f]{16}");
    assertThat(WorkflowIds.pretrain(Requests.pretrain("Games", "Arts"))).isEqualTo(id);
    var t = request.training();
    PipelineRequest otherSeed =
        new PipelineRequest(
            request.modelName(),
            request.sources(),
            request.features(),
            request.augmentation(),
            request.interests(),
            new io.missrec.workflows.payload.TrainingConfig(
                t.mode(),
                t.epochs(),
                t.seed() + 1,
                t.batchSize(),
                t.learningRate(),
                t.patience(),
                null,
                t.overrides()));
    // same datasets: the dataset half of the id stays, the config half changes
    assertThat(WorkflowIds.pretrain(otherSeed)).startsWith(id.substring(0, 26)).isNotEqualTo(id);
    PipelineRequest moreEpochs =
        new PipelineRequest(
            request.modelName(),
            request.sources(),
            request.features(),
            request.augmentation(),
            request.interests(),
            Requests.training(TrainingMode.INDUCTIVE, 4, null));
    assertThat(WorkflowIds.pretrain(moreEpochs)).startsWith(id.substring(0, 26)).isNotEqualTo(id);
    assertThat(WorkflowIds.pretrain(Requests.pretrain("Arts", "Games"))).isNotEqualTo(id);
  }

  @Test
  void pinnedDigestMakesTheKeyIndependentOfWhereTheFilesAre() {
    DatasetRef here =
        new DatasetRef("file:///a/Scientific/", "cd".repeat(32), "Scientific", "unisrec");
    DatasetRef there =
        new DatasetRef("s3://b/Scientific/", "cd".repeat(32), "Scientific", "unisrec");
    DatasetRef unpinned = new DatasetRef("s3://b/Scientific/", null, "Scientific", "unisrec");

    assertThat(WorkflowIds.datasetDigest(List.of(here)))
        .isEqualTo(WorkflowIds.datasetDigest(List.of(there)))
        .isNotEqualTo(WorkflowIds.datasetDigest(List.of(unpinned)));
  }

  @Test
  void mapOrderDoesNotChangeTheConfigDigest() {
    Map<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    TransferRequest base = Requests.transfer(TrainingMode.TRANSDUCTIVE);
    TransferRequest first = withOverrides(base, ab);
    TransferRequest second = withOverrides(base, ba);

    assertThat(WorkflowIds.transfer(first)).isEqualTo(WorkflowIds.transfer(second));
    assertThat(WorkflowIds.transfer(first)).startsWith("transfer-");
    assertThat(WorkflowIds.transfer(Requests.transfer(TrainingMode.INDUCTIVE)))
        .isNotEqualTo(WorkflowIds.transfer(base));
  }

  @Test
  void transferKeyHoldsTheStartingCheckpointsDigestAndNothingElseOfIt() {
    TransferRequest base = Requests.transfer(TrainingMode.INDUCTIVE);
    Checkpoint pretrained = base.training().initialCheckpoint();
    // The same bytes as the registry describes them: no epoch, no valid metrics.
    Checkpoint fromRegistry =
        new Checkpoint(pretrained.artifact(), 0, TrainingMode.INDUCTIVE, Map.of());
    Checkpoint otherBytes =
        new Checkpoint(
            new ArtifactRef(
                "mem://checkpoint/other", "cd".repeat(32), 1234, ArtifactKind.CHECKPOINT),
            pretrained.epoch(),
            pretrained.mode(),
            pretrained.validMetrics());

    assertThat(WorkflowIds.transfer(startingFrom(base, fromRegistry)))
        .isEqualTo(WorkflowIds.transfer(base));
    assertThat(WorkflowIds.transfer(startingFrom(base, otherBytes)))
        .isNotEqualTo(WorkflowIds.transfer(base));
    assertThat(WorkflowIds.transfer(startingFrom(base, null)))
        .isNotEqualTo(WorkflowIds.transfer(base));
  }

  private static TransferRequest startingFrom(TransferRequest base, Checkpoint initial) {
    return new TransferRequest(
        base.modelName(),
        base.target(),
        base.features(),
        base.training().withInitialCheckpoint(initial));
  }

  private static TransferRequest withOverrides(
      TransferRequest base, Map<String, String> overrides) {
    var t = base.training();
    return new TransferRequest(
        base.modelName(),
        base.target(),
        base.features(),
        new io.missrec.workflows.payload.TrainingConfig(
            t.mode(),
            t.epochs(),
            t.seed(),
            t.batchSize(),
            t.learningRate(),
            t.patience(),
            t.initialCheckpoint(),
            overrides));
  }
}
