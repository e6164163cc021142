package io.missrec.workflows.payload;

import java.util.List;
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
 * @param zeroShot evaluate the initial checkpoint on the target as it is, with no fine-tuning (the
 *     zero-shot transfer); needs an initial checkpoint and inductive mode. False in requests
 *     recorded before this field existed.
 * @param evaluationCutoffs cutoffs the target's test evaluation reports besides {@link
 *     Cutoffs#PROTOCOL} (null or empty: those alone)
 * @param keepIntermediates keep the epoch checkpoints and optimizer states the fine-tuning did not
 *     hand on, see {@link PipelineRequest#keepIntermediates()}
 */
public record TransferRequest(
    String modelName,
    DatasetRef target,
    FeatureSpec features,
    TrainingConfig training,
    int featureShardItems,
    boolean zeroShot,
    List<Integer> evaluationCutoffs,
    boolean keepIntermediates) {
  public TransferRequest {
    featureShardItems = FeatureShards.shardItems(featureShardItems);
    evaluationCutoffs = Cutoffs.withProtocol(evaluationCutoffs, "evaluationCutoffs");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(training, "training");
    if (zeroShot && training.initialCheckpoint() == null) {
      throw new IllegalArgumentException(
          "zeroShot: evaluating with no fine-tuning needs an initial checkpoint");
    }
    if (zeroShot && training.mode() != TrainingMode.INDUCTIVE) {
      throw new IllegalArgumentException(
          "zeroShot: only inductive (a transductive model needs item ids trained on the target)");
    }
  }

  /** Removing the training intermediates once the model is registered. */
  public TransferRequest(
      String modelName,
      DatasetRef target,
      FeatureSpec features,
      TrainingConfig training,
      int featureShardItems,
      boolean zeroShot,
      List<Integer> evaluationCutoffs) {
    this(
        modelName,
        target,
        features,
        training,
        featureShardItems,
        zeroShot,
        evaluationCutoffs,
        false);
  }

  /** Evaluated at the protocol's cutoffs. */
  public TransferRequest(
      String modelName,
      DatasetRef target,
      FeatureSpec features,
      TrainingConfig training,
      int featureShardItems,
      boolean zeroShot) {
    this(modelName, target, features, training, featureShardItems, zeroShot, null);
  }

  /** A fine-tuning request with {@code featureShardItems} items per feature shard. */
  public TransferRequest(
      String modelName,
      DatasetRef target,
      FeatureSpec features,
      TrainingConfig training,
      int featureShardItems) {
    this(modelName, target, features, training, featureShardItems, false);
  }

  /** A request with the default feature shard size. */
  public TransferRequest(
      String modelName, DatasetRef target, FeatureSpec features, TrainingConfig training) {
    this(modelName, target, features, training, 0, false);
  }

  /** The same request, keeping or removing its training intermediates. */
  public TransferRequest withKeepIntermediates(boolean keep) {
    return new TransferRequest(
        modelName,
        target,
        features,
        training,
        featureShardItems,
        zeroShot,
        evaluationCutoffs,
        keep);
  }
}
