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
 */
public record TransferRequest(
    String modelName, DatasetRef target, FeatureSpec features, TrainingConfig training) {
  public TransferRequest {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(training, "training");
  }
}
