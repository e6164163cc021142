package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.reports.MetricLabels;
import io.missrec.model.data.DatasetFormat;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.Domains;
import io.missrec.model.data.RecBoleDomainWriter;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.train.DomainTraining;
import io.missrec.model.train.MissRecModel;
import io.missrec.model.train.MissRecTrainer;
import io.missrec.model.train.TrainConfig;
import io.missrec.model.train.TrainingListener;
import io.missrec.model.train.TrainingResult;
import io.missrec.workflows.WorkflowIds;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import io.missrec.workflows.transfer.TransferWorkflow;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An auditor's promise: a from-scratch transfer through the workflows and the local trainer ({@code
 * ./missrec train}), given the same files, seed and hyper-parameters, train the same model. Both
 * read a text + image domain, and the pipeline's feature set lists its tables by name (image before
 * text), so this fails if the model's modality order depended on how a caller assembled the
 * features.
 */
class PipelineMatchesLocalTrainingTest {
  @TempDir Path dir;

  @Test
  void aFromScratchTransferTrainsWhatTheLocalTrainerTrains() throws Exception {
    Path data = dir.resolve("synth-c");
    Domain generated =
        SyntheticDomains.generate(SyntheticConfig.defaults().withSize(200, 400)).get(2);
    RecBoleDomainWriter.write(generated, data, DomainReadOptions.STANDARD_FEATURES);
    TrainingConfig training = TestStack.training(TrainingMode.INDUCTIVE, 3, null);

    Map<String, Double> local = localTest(data, training);
    EvaluationReport pipeline = pipelineTest(data, training);

    assertThat(pipeline.split()).isEqualTo("test");
    // not saturated, so that a different model would show
    assertThat(local.get("Recall@10")).isBetween(0.05, 0.95);
    for (String metric : new String[] {"NDCG@10", "Recall@10", "NDCG@50", "Recall@50"}) {
      assertThat(pipeline.metrics().get(metric)).as(metric).isEqualTo(local.get(metric));
    }
  }

  /** What {@code ./missrec train} does with these files and settings. */
  private static Map<String, Double> localTest(Path data, TrainingConfig training) {
    Domain domain = Domains.read(data, DatasetFormat.RECBOLE, DomainReadOptions.defaults());
    assertThat(domain.features().keySet()).containsExactly("text", "image");
    Hyperparameters hyper = Hyperparameters.of(training, TrainConfig.Objective.FINE_TUNE, false);
    try (MissRecModel model =
        DomainTraining.open(
            hyper.modelConfig(DomainTraining.featureDims(domain), 0), null, training.seed())) {
      TrainingResult result =
          new MissRecTrainer(hyper.train(), TrainingListener.none())
              .fit(model, domain, Optional.empty(), 0);
      return MetricLabels.display(result.test());
    }
  }

  private EvaluationReport pipelineTest(Path data, TrainingConfig training) throws Exception {
    try (TestStack stack = new TestStack(dir.resolve("stack"))) {
      TestWorkflowEnvironment env = stack.workflowEnvironment();
      env.start();
      try {
        TransferRequest request =
            new TransferRequest(
                "synth-c-from-scratch",
                new DatasetRef(data.toUri().toString(), null, "synth-c", "recbole"),
                TestStack.FEATURES,
                training);
        PipelineResult result =
            env.getWorkflowClient()
                .newWorkflowStub(TransferWorkflow.class, WorkflowIds.transferOptions(request))
                .run(request);
        return result.reports().get(0);
      } finally {
        env.close();
      }
    }
  }
}
