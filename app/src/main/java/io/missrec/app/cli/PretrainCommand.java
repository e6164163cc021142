package io.missrec.app.cli;

import io.missrec.app.config.Settings;
import io.missrec.app.demo.DemoData;
import io.missrec.app.demo.MetricsTable;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.stack.WorkflowSession;
import io.missrec.app.status.RunFollower;
import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code missrec pretrain}: the pre-training pipeline on real source datasets (ingest, features,
 * augmentation, interests, pre-training, evaluation, registration), followed until it is done. Runs
 * on a cluster's workers with {@code TEMPORAL_ADDRESS} set, else in this process like {@code demo}.
 */
@Command(
    name = "pretrain",
    header = "Pre-train MISSRec on source datasets through the workflows.",
    mixinStandardHelpOptions = true,
    description = {
      "Pre-train MISSRec on one or more source datasets through the pre-training",
      "workflow (ingest, features, augmentation, interests, pre-training, evaluation,",
      "registration) and follow it until done. Items of different sources never share",
      "ids. With TEMPORAL_ADDRESS set it runs on that cluster's workers; without it,",
      "services and a worker start in this process. Starting the same pipeline again",
      "attaches to it."
    })
public final class PretrainCommand implements Callable<Integer> {
  /** Where the services are; tests replace it. */
  static Supplier<Settings> environment = Settings::fromEnv;

  static final String DEFAULT_MODEL = "missrec-pretrained";

  @Mixin SourceOptions sources;

  @Option(
      names = "--encoder",
      paramLabel = "MODALITY=ENCODER",
      description =
          "modality=encoder, repeatable, e.g. text=all-minilm-l6-v2 or"
              + " text=precomputed:feat1CLS (default: the standard precomputed features)")
  Map<String, String> encoders = new LinkedHashMap<>();

  @Option(
      names = "--register-as",
      defaultValue = DEFAULT_MODEL,
      description = "model name of the pre-trained version (default " + DEFAULT_MODEL + ")")
  String modelName;

  @Option(names = "--epochs", defaultValue = "10", description = "maximum epochs (default 10)")
  int epochs;

  @Option(names = "--patience", description = "early-stopping patience (default: --epochs)")
  Integer patience;

  @Option(
      names = "--batch-size",
      defaultValue = "4096",
      description = "sequences per batch (default 4096, the published pre-training size)")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "learning rate (default 0.001)")
  double learningRate;

  @Option(names = "--seed", defaultValue = "2023", description = "augmentation and training seed")
  long seed;

  @Option(names = "--set", description = "extra trainer hyper-parameter, repeatable (key=value)")
  Map<String, String> overrides = Map.of();

  @Option(
      names = "--shard-items",
      defaultValue = "0",
      description = "items per feature-extraction shard (default 2000)")
  int shardItems;

  @Mixin EvaluationOptions evaluation;

  @Mixin RetentionOptions retention;

  @Mixin FollowOptions follow;

  @Override
  public Integer call() throws InterruptedException {
    PipelineRequest request;
    try {
      request = request();
    } catch (IllegalArgumentException e) {
      System.err.println("pretrain: " + e.getMessage());
      return CliErrors.BAD_INPUT;
    }
    try (WorkflowSession session =
        WorkflowSession.forCommand(
            environment.get(), "missrec-pretrain", follow.detach, null, System.out)) {
      return startAndFollow(session, request);
    } catch (IllegalArgumentException e) {
      System.err.println("pretrain: " + e.getMessage());
      return CliErrors.BAD_INPUT;
    }
  }

  PipelineRequest request() {
    if (epochs < 1 || batchSize < 1 || (patience != null && patience < 1) || shardItems < 0) {
      throw new IllegalArgumentException(
          "--epochs, --batch-size, --patience and --shard-items must be positive");
    }
    FeatureSpec features = encoders.isEmpty() ? DemoData.features() : new FeatureSpec(encoders);
    return new PipelineRequest(
        modelName,
        sources.sources(),
        features,
        AugmentationConfig.defaults(seed),
        InterestConfig.pretrainDefaults(),
        new TrainingConfig(
            TrainingMode.INDUCTIVE,
            epochs,
            seed,
            batchSize,
            learningRate,
            patience == null ? epochs : patience,
            null,
            overrides),
        shardItems,
        evaluation.cutoffs,
        retention.keepIntermediates);
  }

  private int startAndFollow(WorkflowSession session, PipelineRequest request)
      throws InterruptedException {
    PrintStream out = System.out;
    PipelineRunner runner = new PipelineRunner(session.client(), follow.pollInterval());
    String workflowId = runner.startPretrain(request);
    if (follow.detach) {
      out.println(workflowId);
      return 0;
    }
    out.println(
        "pretrain  "
            + request.sources().stream().map(d -> d.name()).toList()
            + ", registered as "
            + request.modelName());
    RunFollower follower = new RunFollower(out, session.settings().temporalAddress());
    PipelineResult result;
    try {
      result = follower.follow(workflowId, "", p -> runner.await(workflowId, p));
    } catch (WorkflowFailedException e) {
      System.err.println("pretrain " + workflowId + " failed: " + RunFollower.rootMessage(e));
      return CliErrors.exitCodeOf(e);
    }
    out.println();
    new MetricsTable().add(request.modelName(), result.reports()).render().forEach(out::println);
    out.println();
    follower.printVersion(result);
    return 0;
  }
}
