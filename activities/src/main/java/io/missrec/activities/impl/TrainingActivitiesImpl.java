package io.missrec.activities.impl;

import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.metrics.TrackedRun;
import io.missrec.activities.reports.LineageReports;
import io.missrec.model.data.DataFormatException;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainUnion;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.AdamState;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.DomainTraining;
import io.missrec.model.train.MissRecModel;
import io.missrec.model.train.MissRecTrainer;
import io.missrec.model.train.TrainConfig;
import io.missrec.model.train.TrainingResult;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.PretrainInput;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.payload.TrainingHeartbeat;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.progress.ProgressReporter;
import io.missrec.workflows.progress.SignalProgressReporter;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pre-training (all source domains joined with {@link DomainUnion}, word-dropped views when every
 * domain has one) and fine-tuning (from the initial checkpoint's architecture, with an ID table
 * when transductive; parameter-efficient by default when there is an initial checkpoint). Inputs
 * are fetched from the store and verified; every epoch's checkpoint is stored and heartbeated
 * ({@link EpochCheckpoints}) together with Adam's state, stored as an artifact of its own. A retry
 * resumes from the heartbeat's last checkpoint, early-stopping state and optimizer state (fetched
 * and verified against its sha256), and the dropout and batch streams of every epoch derive from
 * (seed, epoch): the retried run's numbers are bit-identical to those of a run that never stopped.
 * A heartbeat written before optimizer states were stored resumes with Adam restarted from zero,
 * which changes the numbers slightly but not the protocol.
 */
public final class TrainingActivitiesImpl implements TrainingActivities {
  /** Background heartbeat period when the activity has no (or a long) heartbeat timeout. */

  /** Run params: the model's parameter count, and how many of them were trained. */
  static final String PARAMETERS_TOTAL = "parameters_total";

  static final String PARAMETERS_TRAINABLE = "parameters_trainable";

  private final ActivityContext ctx;
  private final LocalArtifacts artifacts;
  private final DomainLoader loader;
  private final Runs runs;
  private final RunReportArtifacts reports;

  public TrainingActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
    this.artifacts = new LocalArtifacts(ctx);
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
    this.reports = new RunReportArtifacts(artifacts);
  }

  /** Everything one run needs, validated. */
  private record Plan(
      String activity,
      Object request,
      Domain domain,
      Optional<FeatureTable> wordDrop,
      List<EpochCheckpoints.Input> inputs,
      TrainingConfig config,
      Hyperparameters hyper,
      MissRecConfig model,
      Path initDir,
      Stage stage) {}

  @Override
  public Checkpoint pretrain(PretrainInput input) {
    if (input.domains().isEmpty()) {
      throw ActivityErrors.invalidInput("pre-training needs at least one source domain");
    }
    if (input.config().mode() != TrainingMode.INDUCTIVE) {
      throw ActivityErrors.invalidInput(
          "pre-training runs inductive, got " + input.config().mode());
    }
    Hyperparameters hyper =
        Hyperparameters.of(input.config(), TrainConfig.Objective.PRETRAIN, false);
    List<Domain> domains = new ArrayList<>();
    List<EpochCheckpoints.Input> inputs = new ArrayList<>();
    List<FeatureTable> views = new ArrayList<>();
    for (TrainingDomain d : input.domains()) {
      domains.add(loader.load(d));
      inputs.addAll(inputsOf(d));
      ArtifactRef view = d.views() == null ? null : d.views().wordDropped().get(FeatureTable.TEXT);
      if (view != null) {
        views.add(DomainLoader.rename(loader.table(view), FeatureTable.TEXT));
      }
    }
    inputs.add(new EpochCheckpoints.Input(input.interests().assignments().uri(), "interests"));
    Domain union;
    Optional<FeatureTable> wordDrop;
    try {
      union = DomainUnion.of("pretrain", domains);
      wordDrop =
          views.size() == domains.size()
              ? Optional.of(DomainUnion.concat(FeatureTable.TEXT, views))
              : Optional.empty();
    } catch (DataFormatException e) {
      throw DomainLoader.dataFormat(e);
    }
    Checkpoint initial = input.config().initialCheckpoint();
    Path initDir = initial == null ? null : artifacts.unpacked(initial.artifact());
    MissRecConfig model =
        initDir == null
            ? hyper.modelConfig(DomainTraining.featureDims(union), 0)
            : fitting(initDir, hyper, union, 0, initial.artifact().uri());
    if (initial != null) {
      inputs.add(new EpochCheckpoints.Input(initial.artifact().uri(), "initial"));
    }
    return train(
        new Plan(
            "pretrain",
            input,
            union,
            wordDrop,
            inputs,
            input.config(),
            hyper,
            model,
            initDir,
            Stage.PRETRAINING));
  }

  @Override
  public Checkpoint fineTune(FineTuneInput input) {
    Checkpoint initial = input.config().initialCheckpoint();
    Hyperparameters hyper =
        Hyperparameters.of(input.config(), TrainConfig.Objective.FINE_TUNE, initial != null);
    Domain domain = loader.load(input.target());
    int idItems = input.config().mode() == TrainingMode.TRANSDUCTIVE ? domain.numItems() : 0;
    List<EpochCheckpoints.Input> inputs = new ArrayList<>(inputsOf(input.target()));
    Path initDir = initial == null ? null : artifacts.unpacked(initial.artifact());
    MissRecConfig model =
        initDir == null
            ? hyper.modelConfig(DomainTraining.featureDims(domain), idItems)
            : fitting(initDir, hyper, domain, idItems, initial.artifact().uri());
    if (initial != null) {
      inputs.add(new EpochCheckpoints.Input(initial.artifact().uri(), "initial"));
    }
    return train(
        new Plan(
            "fine-tune:" + input.target().dataset().name(),
            input,
            domain,
            Optional.empty(),
            inputs,
            input.config(),
            hyper,
            model,
            initDir,
            Stage.FINE_TUNING));
  }

  private Checkpoint train(Plan plan) {
    RunStart start = runs.start(plan.activity(), plan.request());
    Optional<Checkpoint> previous = runs.previousResult(start, Checkpoint.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    ActivityExecutionContext activity = Activity.getExecutionContext();
    TrainingHeartbeat resumed =
        activity
            .getHeartbeatDetails(TrainingHeartbeat.class)
            .filter(h -> h.last() != null)
            .orElse(null);
    Path resumeDir = null;
    AdamState optimizer = null;
    if (resumed != null) {
      resumeDir = artifacts.unpacked(resumed.last().artifact());
      requireSameDims(resumeDir, plan.model(), resumed.last().artifact().uri());
      if (resumed.optimizerState() != null) {
        optimizer = optimizerState(resumed.optimizerState());
      }
    }
    // Validation is over: from here on the run is recorded.
    RunRecord run = ctx.lineage().startRun(start);
    TrackedRun tracked = ctx.metrics().open(run);
    AtomicReference<TrainingHeartbeat> latest =
        new AtomicReference<>(resumed != null ? resumed : new TrainingHeartbeat(0, null, null, 0));
    // re-sends the latest details between epochs, so long epochs do not time the activity out
    BackgroundHeartbeat beats = BackgroundHeartbeat.start(activity, latest::get);
    EpochCheckpoints listener = null;
    try {
      Map<String, String> params = params(plan);
      tracked.logParams(params);
      for (EpochCheckpoints.Input input : plan.inputs()) {
        ctx.lineage().recordArtifact(artifacts.storeRef(ref(input.uri())));
      }
      listener =
          new EpochCheckpoints(
              artifacts,
              ctx.lineage(),
              run.id(),
              plan.inputs(),
              tracked,
              h -> {
                latest.set(h);
                activity.heartbeat(h);
              },
              reporter(activity),
              plan.stage(),
              plan.config().mode(),
              plan.config().epochs(),
              plan.activity(),
              resumed);
      try (MissRecModel model =
          resumeDir != null
              ? Checkpoints.load(resumeDir, plan.model())
              : DomainTraining.open(plan.model(), plan.initDir(), plan.config().seed())) {
        int startEpoch = resumed != null ? resumed.last().epoch() : 0;
        if (optimizer != null) {
          requireFits(optimizer, model, resumed);
        }
        TrainingResult trained =
            new MissRecTrainer(plan.hyper().train(), listener)
                .fit(
                    model,
                    plan.domain(),
                    plan.wordDrop(),
                    startEpoch,
                    resumeState(resumed).withOptimizer(optimizer));
        // known only once the trainer froze what it freezes; auditors compare transfers by it
        Map<String, String> counts =
            Map.of(
                PARAMETERS_TOTAL, Long.toString(trained.totalParameters()),
                PARAMETERS_TRAINABLE, Long.toString(trained.trainableParameters()));
        tracked.logParams(counts);
        params.putAll(counts); // the run report shows what lineage holds
      }
      Checkpoint best = listener.best();
      if (best == null) {
        throw ActivityErrors.invalidInput(
            "no epoch to train: epochs " + plan.config().epochs() + " already done");
      }
      RunOutputs.Builder outputs = RunOutputs.builder();
      for (EpochCheckpoints.Input input : plan.inputs()) {
        outputs.edge(
            RunOutputs.Edge.fromArtifact(input.uri(), best.artifact().uri(), input.role()));
      }
      outputs.artifact(artifacts.storeRef(best.artifact()));
      // every epoch's metrics are in lineage by now, including those before a resume
      io.missrec.activities.artifact.ArtifactRef report =
          reports.store(
              LineageReports.training(
                  start.workflowId(),
                  start.activity(),
                  start.codeVersion(),
                  params,
                  LineageReports.history(ctx.lineage().metrics(run.id())),
                  best.artifact().uri(),
                  best.epoch(),
                  best.validMetrics()));
      outputs
          .artifact(report)
          .edge(RunOutputs.Edge.fromArtifact(best.artifact().uri(), report.uri(), "checkpoint"));
      Checkpoint result = runs.complete(start, outputs, best);
      tracked.setTags(
          Map.of(
              "missrec.checkpoint", best.artifact().uri(), RunReportArtifacts.TAG, report.uri()));
      tracked.finish(RunStatus.SUCCEEDED);
      return result;
    } catch (RuntimeException e) {
      runs.failed(run, e);
      try {
        tracked.finish(RunStatus.FAILED);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      beats.close();
      if (listener != null) {
        listener.cleanUp();
      }
    }
  }

  /** The checkpoint's architecture for this domain; its feature widths must be the domain's. */
  private static MissRecConfig fitting(
      Path dir, Hyperparameters hyper, Domain domain, int idItems, String uri) {
    MissRecConfig stored = Checkpoints.manifest(dir).model();
    MissRecConfig config = hyper.fromCheckpoint(stored, idItems);
    requireSameDims(dir, MissRecConfig.published(DomainTraining.featureDims(domain)), uri);
    return config;
  }

  private static void requireSameDims(Path dir, MissRecConfig target, String uri) {
    Map<String, Integer> stored = Checkpoints.manifest(dir).model().modalityDims();
    if (!new TreeMap<>(stored).equals(new TreeMap<>(target.modalityDims()))) {
      throw ActivityErrors.incompatibleCheckpoint(
          "checkpoint "
              + uri
              + " was trained on feature widths "
              + new TreeMap<>(stored)
              + " but the domain has "
              + new TreeMap<>(target.modalityDims()));
    }
  }

  /** The heartbeat's optimizer state, downloaded, verified against its sha256 and parsed. */
  private AdamState optimizerState(ArtifactRef ref) {
    if (ref.kind() != io.missrec.workflows.payload.ArtifactKind.OPTIMIZER_STATE) {
      throw ActivityErrors.invalidInput(
          "heartbeat optimizerState " + ref.uri() + " is a " + ref.kind() + " artifact");
    }
    Path file = artifacts.fetch(ref);
    try {
      return AdamState.read(file);
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput(
          "heartbeat optimizerState " + ref.uri() + ": " + e.getMessage());
    }
  }

  private static void requireFits(
      AdamState optimizer, MissRecModel model, TrainingHeartbeat resumed) {
    try {
      optimizer.checkFits(model.block().getParameters().toMap());
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.incompatibleCheckpoint(
          "optimizer state "
              + resumed.optimizerState().uri()
              + " does not fit checkpoint "
              + resumed.last().artifact().uri()
              + ": "
              + e.getMessage());
    }
  }

  private static MissRecTrainer.Resume resumeState(TrainingHeartbeat resumed) {
    if (resumed == null || resumed.best() == null) {
      return resumed == null
          ? MissRecTrainer.Resume.fresh()
          : new MissRecTrainer.Resume(
              Double.NEGATIVE_INFINITY, 0, Map.of(), resumed.epochsWithoutGain());
    }
    Double score = resumed.best().validMetrics().get(MetricNames.NDCG_10);
    return new MissRecTrainer.Resume(
        score == null ? Double.NEGATIVE_INFINITY : score,
        resumed.best().epoch(),
        resumed.best().validMetrics(),
        resumed.epochsWithoutGain());
  }

  private static List<EpochCheckpoints.Input> inputsOf(TrainingDomain d) {
    String name = d.dataset().name();
    List<EpochCheckpoints.Input> inputs = new ArrayList<>();
    inputs.add(new EpochCheckpoints.Input(d.dataset().uri(), "dataset:" + name));
    d.features()
        .tables()
        .forEach(
            (modality, ref) ->
                inputs.add(
                    new EpochCheckpoints.Input(ref.uri(), "features:" + name + "/" + modality)));
    if (d.views() != null) {
      d.views()
          .wordDropped()
          .forEach(
              (modality, ref) ->
                  inputs.add(
                      new EpochCheckpoints.Input(ref.uri(), "views:" + name + "/" + modality)));
    }
    return inputs;
  }

  private ArtifactRef ref(String uri) {
    io.missrec.activities.artifact.ArtifactUri parsed =
        io.missrec.activities.artifact.ArtifactUri.parse(uri);
    return new ArtifactRef(
        uri, parsed.sha256(), 0, io.missrec.workflows.payload.ArtifactKind.DATASET_SNAPSHOT);
  }

  private static Map<String, String> params(Plan plan) {
    Map<String, String> params = new TreeMap<>(plan.hyper().train().asParams());
    plan.model().asParams().forEach((key, value) -> params.put("model." + key, value));
    params.put("mode", plan.config().mode().name().toLowerCase(java.util.Locale.ROOT));
    params.put("word_dropped_view", Boolean.toString(plan.wordDrop().isPresent()));
    Checkpoint initial = plan.config().initialCheckpoint();
    params.put("initial_checkpoint", initial == null ? "none" : initial.artifact().uri());
    return params;
  }

  private static ProgressReporter reporter(ActivityExecutionContext activity) {
    try {
      return SignalProgressReporter.forCurrentActivity(activity.getWorkflowClient());
    } catch (RuntimeException e) {
      return progress -> {};
    }
  }
}
