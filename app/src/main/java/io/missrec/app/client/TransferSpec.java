package io.missrec.app.client;

import io.missrec.app.demo.DemoData;
import io.missrec.app.registry.ModelRef;
import io.missrec.workflows.payload.Cutoffs;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.TrainingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transfer as a caller asks for it: which registered model version to start from, which target
 * dataset, and how to fine-tune.
 *
 * @param model the registered version whose checkpoint fine-tuning starts from, or null to train
 *     from scratch on the target (the baseline a transfer is compared with)
 * @param target the target dataset (raw; {@code sha256} pins its content when known)
 * @param mode inductive (cold-start, content only) or transductive (plus item ids)
 * @param features encoders per modality; must give the widths the model was trained on
 * @param epochs maximum fine-tuning epochs
 * @param seed random seed
 * @param batchSize sequences per batch
 * @param learningRate Adam learning rate
 * @param patience epochs without a gain in valid NDCG@10 before stopping early
 * @param overrides other trainer hyper-parameters by name
 * @param registerAs the model name the fine-tuned version is registered under, or null for {@code
 *     <model name>-<target name>} ({@code scratch-<target name>} without a model)
 * @param zeroShot evaluate the model version on the target as it is, with no fine-tuning (inductive
 *     only: a transductive model needs the target's trained item ids)
 * @param featureShardItems items per feature-extraction shard, 0 for the default
 * @param evaluationCutoffs the K of Recall@K / NDCG@K the target's test evaluation reports besides
 *     10 and 50, which it always reports (empty: those alone)
 * @param keepIntermediates keep the fine-tuning's epoch checkpoints and optimizer states once the
 *     version is registered (by default those nothing uses are removed then)
 */
public record TransferSpec(
    ModelRef model,
    DatasetRef target,
    TrainingMode mode,
    FeatureSpec features,
    int epochs,
    long seed,
    int batchSize,
    double learningRate,
    int patience,
    Map<String, String> overrides,
    String registerAs,
    boolean zeroShot,
    int featureShardItems,
    List<Integer> evaluationCutoffs,
    boolean keepIntermediates) {
  public static final int DEFAULT_EPOCHS = 3;
  public static final long DEFAULT_SEED = 2023;
  public static final int DEFAULT_BATCH_SIZE = 256;
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  public TransferSpec {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(features, "features");
    overrides = Map.copyOf(overrides);
    if (registerAs != null && registerAs.isBlank()) {
      throw new IllegalArgumentException("registerAs: the model name is empty");
    }
    if (zeroShot && model == null) {
      throw new IllegalArgumentException("zero-shot evaluates a model version: name one");
    }
    if (zeroShot && mode != TrainingMode.INDUCTIVE) {
      throw new IllegalArgumentException(
          "zero-shot runs inductive: a transductive model needs item ids trained on the target");
    }
    if (featureShardItems < 0) {
      throw new IllegalArgumentException("featureShardItems must be positive (0: the default)");
    }
    evaluationCutoffs = Cutoffs.withProtocol(evaluationCutoffs, "evaluationCutoffs");
  }

  /** The defaults: the standard precomputed features, 3 epochs, seed 2023, batch 256, lr 1e-3. */
  public static TransferSpec of(ModelRef model, DatasetRef target, TrainingMode mode) {
    return new TransferSpec(
        model,
        target,
        mode,
        DemoData.features(),
        DEFAULT_EPOCHS,
        DEFAULT_SEED,
        DEFAULT_BATCH_SIZE,
        DEFAULT_LEARNING_RATE,
        DEFAULT_EPOCHS,
        Map.of(),
        null,
        false,
        0,
        List.of(),
        false);
  }

  /** The same transfer with other training sizes (epochs, batch) and early-stopping patience. */
  public TransferSpec withTraining(int epochs, int batchSize, int patience) {
    return new TransferSpec(
        model,
        target,
        mode,
        features,
        epochs,
        seed,
        batchSize,
        learningRate,
        patience,
        overrides,
        registerAs,
        zeroShot,
        featureShardItems,
        evaluationCutoffs,
        keepIntermediates);
  }

  /** The name the fine-tuned model is registered under. */
  public String registeredName() {
    if (registerAs != null) {
      return registerAs;
    }
    return (model == null ? "scratch" : model.name()) + "-" + target.name();
  }
}
