package io.missrec.workflows.payload;

import java.util.Objects;

/**
 * What the transfer workflow runs.
 *
 * @param modelName name to register the fine-tuned model under
 * @param target the target domain (raw dataset)
 * @param features encoders per modality (must match the pre-trained model's)
 * @param training fine-tuning: mode inductive or transductive, {@link
 *     TrainingConfig#initialCheckpoint()} the pre-trained checkpoint (null trains from scratch)
 * @param featureShardItems items per feature shard, see {@link PipelineRequest#featureShardItems()}
 */
public record TransferRequest(
    String modelName,
    DatasetRef target,
    FeatureSpec features,
    TrainingConfig training,
    int featureShardItems) {
  public TransferRequest {
    featureShardItems = FeatureShards.shardItems(featureShardItems);
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(training, "training");
  }

  /** A request with the default feature shard size. */
  public TransferRequest(
      String modelName, DatasetRef target, FeatureSpec features, TrainingConfig training) {
    this(modelName, target, features, training, 0);
  }
}
