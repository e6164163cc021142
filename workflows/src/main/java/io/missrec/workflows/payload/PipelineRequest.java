package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/**
 * What the pre-training pipeline runs.
 *
 * @param modelName name to register the pre-trained model under
 * @param sources source domains (raw datasets)
 * @param features encoders per modality, the same for every source
 * @param augmentation contrastive views
 * @param interests interest discovery
 * @param training pre-training (its mode must be inductive)
 */
public record PipelineRequest(
    String modelName,
    List<DatasetRef> sources,
    FeatureSpec features,
    AugmentationConfig augmentation,
    InterestConfig interests,
    TrainingConfig training) {
  public PipelineRequest {
    Objects.requireNonNull(modelName, "modelName");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources: at least one source dataset is needed");
    }
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(augmentation, "augmentation");
    Objects.requireNonNull(interests, "interests");
    Objects.requireNonNull(training, "training");
    if (training.mode() != TrainingMode.INDUCTIVE) {
      throw new IllegalArgumentException(
          "training.mode: pre-training runs inductive (no item ids)");
    }
  }
}
