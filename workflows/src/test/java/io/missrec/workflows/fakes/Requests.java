package io.missrec.workflows.fakes;

import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import java.util.List;
import java.util.Map;

/** Small requests used across the tests. */
public final class Requests {
  private Requests() {}

  public static final FeatureSpec FEATURES =
      new FeatureSpec(Map.of("text", "all-minilm-l6-v2", "image", "precomputed:feat3CLS"));

  public static TrainingConfig training(TrainingMode mode, int epochs, Checkpoint initial) {
    return new TrainingConfig(mode, epochs, 7L, 512, 1e-3, 10, initial, Map.of("dropout", "0.5"));
  }

  public static PipelineRequest pretrain(String... sourceNames) {
    List<DatasetRef> sources =
        List.of(sourceNames).stream()
            .map(n -> new DatasetRef("file:///data/" + n + "/", null, n, "unisrec"))
            .toList();
    return new PipelineRequest(
        "missrec-pretrained",
        sources,
        FEATURES,
        AugmentationConfig.defaults(7L),
        InterestConfig.pretrainDefaults(),
        training(TrainingMode.INDUCTIVE, 3, null));
  }

  /** {@code request} with another feature shard size and evaluation cutoffs. */
  public static PipelineRequest with(
      PipelineRequest request, int featureShardItems, List<Integer> evaluationCutoffs) {
    return new PipelineRequest(
        request.modelName(),
        request.sources(),
        request.features(),
        request.augmentation(),
        request.interests(),
        request.training(),
        featureShardItems,
        evaluationCutoffs);
  }

  public static Checkpoint pretrainedCheckpoint() {
    return new Checkpoint(
        new ArtifactRef(
            "mem://checkpoint/pretrained", "ab".repeat(32), 1234, ArtifactKind.CHECKPOINT),
        30,
        TrainingMode.INDUCTIVE,
        Map.of());
  }

  public static TransferRequest transfer(TrainingMode mode) {
    return new TransferRequest(
        "missrec-scientific",
        new DatasetRef("file:///data/Scientific/", null, "Scientific", "unisrec"),
        FEATURES,
        training(mode, 2, pretrainedCheckpoint()));
  }
}
