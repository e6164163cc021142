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
 * @param keepIntermediates keep the epoch checkpoints and optimizer states the training did not
 *     hand on once the model is registered; by default (false, also in requests recorded before
 *     this field existed) they are removed then, lineage keeping their digests
 */
public record PipelineRequest(
    String modelName,
    List<DatasetRef> sources,
    FeatureSpec features,
    AugmentationConfig augmentation,
    InterestConfig interests,
    TrainingConfig training,
    int featureShardItems,
    List<Integer> evaluationCutoffs,
    boolean keepIntermediates) {
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

  /** Removing the training intermediates once the model is registered. */
  public PipelineRequest(
      String modelName,
      List<DatasetRef> sources,
      FeatureSpec features,
      AugmentationConfig augmentation,
      InterestConfig interests,
      TrainingConfig training,
      int featureShardItems,
      List<Integer> evaluationCutoffs) {
    this(
        modelName,
        sources,
        features,
        augmentation,
        interests,
        training,
        featureShardItems,
        evaluationCutoffs,
        false);
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

  /** The same request with other {@code sources} (e.g. pinned to their digests). */
  public PipelineRequest withSources(List<DatasetRef> sources) {
    return new PipelineRequest(
        modelName,
        sources,
        features,
        augmentation,
        interests,
        training,
        featureShardItems,
        evaluationCutoffs,
        keepIntermediates);
  }

  /** The same request, keeping or removing its training intermediates. */
  public PipelineRequest withKeepIntermediates(boolean keep) {
    return new PipelineRequest(
        modelName,
        sources,
        features,
        augmentation,
        interests,
        training,
        featureShardItems,
        evaluationCutoffs,
        keep);
  }
}
