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
 * @param featureShardItems items per feature shard: encoder-based modalities of a larger catalogue
 *     are extracted in shards of this size by parallel activities, then merged; 0 (also what a
 *     request recorded before this field reads as) means {@link FeatureShards#DEFAULT_SHARD_ITEMS}
 * @param evaluationCutoffs cutoffs the sources' test evaluations report besides {@link
 *     Cutoffs#PROTOCOL} (null or empty: those alone)
 */
public record PipelineRequest(
    String modelName,
    List<DatasetRef> sources,
    FeatureSpec features,
    AugmentationConfig augmentation,
    InterestConfig interests,
    TrainingConfig training,
    int featureShardItems,
    List<Integer> evaluationCutoffs) {
  public PipelineRequest {
    featureShardItems = FeatureShards.shardItems(featureShardItems);
    evaluationCutoffs = Cutoffs.withProtocol(evaluationCutoffs, "evaluationCutoffs");
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

  /** Evaluated at the protocol's cutoffs. */
  public PipelineRequest(
      String modelName,
      List<DatasetRef> sources,
      FeatureSpec features,
      AugmentationConfig augmentation,
      InterestConfig interests,
      TrainingConfig training,
      int featureShardItems) {
    this(modelName, sources, features, augmentation, interests, training, featureShardItems, null);
  }

  /** A request with the default feature shard size. */
  public PipelineRequest(
      String modelName,
      List<DatasetRef> sources,
      FeatureSpec features,
      AugmentationConfig augmentation,
      InterestConfig interests,
      TrainingConfig training) {
    this(modelName, sources, features, augmentation, interests, training, 0);
  }
}
