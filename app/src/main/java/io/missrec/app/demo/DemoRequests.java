package io.missrec.app.demo;

import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import java.util.List;
import java.util.Map;

/**
 * The demo's two pipelines, sized to finish in minutes on two cores.
 *
 * @param pretrainEpochs pre-training epochs
 * @param transferEpochs fine-tuning epochs on the target
 * @param batchSize sequences per batch
 * @param seed one seed for augmentation and training
 * @param overrides extra hyper-parameters handed to the trainer (e.g. a smaller model)
 */
public record DemoRequests(
    int pretrainEpochs,
    int transferEpochs,
    int batchSize,
    long seed,
    Map<String, String> overrides) {
  public static final String PRETRAINED_MODEL = "missrec-demo-pretrained";
  public static final String TRANSFER_MODEL = "missrec-demo-synth-c";

  public DemoRequests {
    overrides = Map.copyOf(overrides);
  }

  /** Pre-training on every source, inductive. */
  public PipelineRequest pretrain(List<DatasetRef> sources) {
    return new PipelineRequest(
        PRETRAINED_MODEL,
        sources,
        DemoData.features(),
        AugmentationConfig.defaults(seed),
        InterestConfig.pretrainDefaults(),
        training(pretrainEpochs, null));
  }

  /** Cold-start inductive transfer of the pre-trained checkpoint to {@code target}. */
  public TransferRequest transfer(DatasetRef target, Checkpoint pretrained) {
    return new TransferRequest(
        TRANSFER_MODEL, target, DemoData.features(), training(transferEpochs, pretrained));
  }

  private TrainingConfig training(int epochs, Checkpoint init) {
    return new TrainingConfig(
        TrainingMode.INDUCTIVE, epochs, seed, batchSize, 1e-3, epochs, init, overrides);
  }
}
