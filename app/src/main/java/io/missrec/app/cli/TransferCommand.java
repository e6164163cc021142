package io.missrec.app.cli;

import io.missrec.app.client.TransferClient;
import io.missrec.app.client.TransferHandle;
import io.missrec.app.client.TransferSpec;
import io.missrec.app.config.Settings;
import io.missrec.app.demo.DemoData;
import io.missrec.app.demo.MetricsTable;
import io.missrec.app.registry.ModelRef;
import io.missrec.app.stack.WorkflowSession;
import io.missrec.app.status.RunFollower;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code missrec transfer}: fine-tunes a registered model version on a target dataset through the
 * transfer workflow, following its progress until it is done.
 *
 * <p>With {@code TEMPORAL_ADDRESS} set, this is only a client: the cluster's workers do the work,
 * and {@code MISSREC_JDBC_URL} must name the lineage database they record in (the model version's
 * checkpoint is looked up there). Without it, the services and a worker start in this process as
 * for {@code demo} (the embedded lineage and S3 data under {@code $MISSREC_DATA} hold what the demo
 * registered), so the transfer lives as long as the command: {@code --detach} needs a cluster.
 */
@Command(
    name = "transfer",
    header = "Transfer a registered model version to a target dataset.",
    mixinStandardHelpOptions = true,
    description = {
      "Transfer a registered model version to a target dataset (cold-start fine-tuning,",
      "evaluation, registration of the new version) and follow its progress until done.",
      "With TEMPORAL_ADDRESS set it runs on that cluster's workers (MISSREC_JDBC_URL",
      "must point at their lineage database); without it, services and a worker start",
      "in this process like `./missrec demo`. Starting the same transfer again attaches",
      "to it. --zero-shot evaluates the model on the target with no fine-tuning;",
      "--from-scratch trains on the target with no model (the baselines a transfer is",
      "judged against)."
    })
public final class TransferCommand implements Callable<Integer> {
  /** Where the services are; tests replace it. */
  static Supplier<Settings> environment = Settings::fromEnv;

  @Option(
      names = "--model",
      description = "registered model version to start from, name:version (or --from-scratch)")
  String model;

  @Option(
      names = "--from-scratch",
      description = "train on the target from scratch instead (the baseline of a transfer)")
  boolean fromScratch;

  @Option(
      names = "--zero-shot",
      description = "evaluate --model on the target as it is, with no fine-tuning (inductive)")
  boolean zeroShot;

  @Option(
      names = "--shard-items",
      defaultValue = "0",
      description = "items per feature-extraction shard (default 2000)")
  int shardItems;

  @Option(
      names = "--target",
      required = true,
      description =
          "target dataset: a folder (path or file:///...) or"
              + " synthetic://synth-c?items=..&users=..")
  String target;

  @Option(
      names = "--mode",
      defaultValue = "inductive",
      description = "inductive (content only, cold-start) or transductive (plus item ids)")
  TrainingMode mode;

  @Option(names = "--target-name", description = "domain name (default: the folder's name)")
  String targetName;

  @Option(
      names = "--format",
      description =
          "dataset layout: unisrec, recbole, rechorus, recbole-atomic (default: detected)")
  String format;

  @Option(
      names = "--target-sha256",
      description = "pin the target's content digest (ingest verifies it; keys the transfer)")
  String targetSha256;

  @Option(
      names = "--register-as",
      description = "model name of the new version (default: <model name>-<target name>)")
  String registerAs;

  @Option(
      names = "--encoder",
      description = "modality=encoder, repeatable (default: the standard precomputed features)")
  Map<String, String> encoders = new LinkedHashMap<>();

  @Option(names = "--epochs", defaultValue = "3", description = "fine-tuning epochs (default 3)")
  int epochs;

  @Option(names = "--patience", description = "early-stopping patience (default: --epochs)")
  Integer patience;

  @Option(names = "--batch-size", defaultValue = "256")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "learning rate (default 0.001)")
  double learningRate;

  @Option(names = "--seed", defaultValue = "2023")
  long seed;

  @Option(names = "--set", description = "extra trainer hyper-parameter, repeatable (key=value)")
  Map<String, String> overrides = Map.of();

  @Mixin EvaluationOptions evaluation;

  @Mixin RetentionOptions retention;

  @Mixin FollowOptions follow;

  @Override
  public Integer call() throws InterruptedException {
    TransferSpec spec;
    try {
      spec = spec();
    } catch (IllegalArgumentException e) {
      System.err.println("transfer: " + e.getMessage());
      return CliErrors.BAD_INPUT;
    }
    String lookup =
        spec.model() == null ? null : "where model version " + spec.model() + " is looked up";
    try (WorkflowSession session =
        WorkflowSession.forCommand(
            environment.get(), "missrec-transfer", follow.detach, lookup, System.out)) {
      return startAndFollow(session, spec);
    } catch (IllegalArgumentException e) {
      System.err.println("transfer: " + e.getMessage());
      return CliErrors.BAD_INPUT;
    }
  }

  private int startAndFollow(WorkflowSession session, TransferSpec spec)
      throws InterruptedException {
    TransferClient client =
        new TransferClient(session.client(), session.lineage(), follow.pollInterval());
    Settings settings = session.settings();
    PrintStream out = System.out;
    TransferHandle handle = client.start(spec);
    if (follow.detach) {
      out.println(handle.workflowId());
      return 0;
    }
    out.println(
        "transfer  "
            + (spec.model() == null ? "from scratch" : spec.model())
            + " -> "
            + spec.target().name()
            + " ("
            + spec.mode().name().toLowerCase(Locale.ROOT)
            + (spec.zeroShot() ? ", zero-shot: no fine-tuning" : "")
            + "), registered as "
            + spec.registeredName());
    RunFollower follower = new RunFollower(out, settings.temporalAddress());
    PipelineResult result;
    try {
      result =
          follower.follow(
              handle.workflowId(),
              handle.attached() ? "(same transfer already started: attached to it)" : "",
              handle::await);
    } catch (WorkflowFailedException e) {
      System.err.println(
          "transfer " + handle.workflowId() + " failed: " + RunFollower.rootMessage(e));
      return CliErrors.exitCodeOf(e);
    }
    out.println();
    new MetricsTable().add(spec.registeredName(), result.reports()).render().forEach(out::println);
    out.println();
    follower.printVersion(result);
    return 0;
  }

  TransferSpec spec() {
    if ((model == null) == !fromScratch) {
      throw new IllegalArgumentException(
          "give either --model name:version (transfer) or --from-scratch (baseline), not both");
    }
    ModelRef ref = model == null ? null : ModelRef.parse(model);
    DatasetRef dataset = dataset();
    FeatureSpec features = encoders.isEmpty() ? DemoData.features() : new FeatureSpec(encoders);
    if (epochs < 1 || batchSize < 1 || (patience != null && patience < 1) || shardItems < 0) {
      throw new IllegalArgumentException(
          "--epochs, --batch-size, --patience and --shard-items must be positive");
    }
    return new TransferSpec(
        ref,
        dataset,
        mode,
        features,
        epochs,
        seed,
        batchSize,
        learningRate,
        patience == null ? epochs : patience,
        overrides,
        registerAs,
        zeroShot,
        shardItems,
        evaluation.cutoffs,
        retention.keepIntermediates);
  }

  private DatasetRef dataset() {
    if (targetSha256 != null && !targetSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "--target-sha256 '" + targetSha256 + "' is not 64 lowercase hex digits");
    }
    String uri;
    String name;
    if (target.startsWith("synthetic://")) {
      uri = target;
      name = URI.create(target).getHost();
    } else {
      Path dir;
      try {
        dir = target.startsWith("file:") ? Path.of(URI.create(target)) : Path.of(target);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--target '" + target + "' is not a path or URI", e);
      }
      // Absolute, so the key and the workers' reading do not depend on this shell's directory.
      uri = dir.toAbsolutePath().normalize().toUri().toString();
      name = dir.toAbsolutePath().normalize().getFileName().toString();
    }
    if (targetName != null) {
      name = targetName;
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("--target '" + target + "': give --target-name");
    }
    String layout =
        format != null ? format : target.startsWith("synthetic://") ? "synthetic" : "auto";
    return new DatasetRef(uri, targetSha256, name, layout);
  }
}
