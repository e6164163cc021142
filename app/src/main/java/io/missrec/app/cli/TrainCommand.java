package io.missrec.app.cli;

import io.missrec.activities.reports.EpochPoint;
import io.missrec.activities.reports.MetricLabels;
import io.missrec.activities.reports.ReportRenderer;
import io.missrec.activities.reports.RunReport;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainStats;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.encode.MiniLmTextEncoder;
import io.missrec.model.encode.TextViews;
import io.missrec.model.encode.WordDrop;
import io.missrec.model.eval.RankingMetrics;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.DomainTraining;
import io.missrec.model.train.EpochStats;
import io.missrec.model.train.MissRecModel;
import io.missrec.model.train.MissRecTrainer;
import io.missrec.model.train.TrainConfig;
import io.missrec.model.train.TrainingListener;
import io.missrec.model.train.TrainingReport;
import io.missrec.model.train.TrainingResult;
import io.missrec.workflows.payload.Cutoffs;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code missrec train}: trains and evaluates one model locally, without orchestration. */
@Command(
    name = "train",
    header = "Train and evaluate MISSRec on one domain, locally.",
    mixinStandardHelpOptions = true,
    description = {
      "Train MISSRec on one domain and evaluate it with full ranking over all items.",
      "Prints one line per epoch; writes report.json, report.html (curves and metrics)",
      "and the best checkpoint under --out."
    })
public final class TrainCommand implements Callable<Integer> {

  /** Inductive: items by content only; transductive: plus an ID embedding per item. */
  public enum Mode {
    INDUCTIVE,
    TRANSDUCTIVE
  }

  @Mixin DomainOptions data;

  @Option(names = "--mode", defaultValue = "inductive", description = "${COMPLETION-CANDIDATES}")
  Mode mode;

  @Option(
      names = "--objective",
      defaultValue = "fine_tune",
      description = "${COMPLETION-CANDIDATES}")
  TrainConfig.Objective objective;

  @Option(names = "--init", description = "initial checkpoint folder (transfer)")
  Path init;

  @Option(names = "--freeze-core", description = "parameter-efficient: freeze encoder/decoder")
  boolean freezeCore;

  @Option(names = "--seed", defaultValue = "2023")
  long seed;

  @Option(names = "--epochs", defaultValue = "200", description = "maximum epochs")
  int epochs;

  @Option(names = "--patience", defaultValue = "10", description = "early stopping patience")
  int patience;

  @Option(names = "--batch-size", description = "default: 512 fine-tune, 4096 pre-train")
  Integer batchSize;

  @Option(names = "--lr", defaultValue = "0.001")
  float learningRate;

  @Option(names = "--cluster-ratio", description = "K_c / tokens (default 0.5 / 0.02)")
  Double clusterRatio;

  @Option(
      names = "--interests",
      defaultValue = "dpc-knn",
      description =
          "interest discovery before every epoch: dpc-knn (the paper, default) or kmeans"
              + " (random-start k-means, as the released code calls)")
  String interests;

  @Option(
      names = "--kmeans-iterations",
      defaultValue = "1",
      description = "Lloyd steps after k-means' random start (the released code runs 1)")
  int kmeansIterations;

  @Option(
      names = "--diversity",
      defaultValue = "cosine",
      description =
          "interest diversity regulariser: cosine (the spec's mean pairwise cosine, default) or"
              + " pooled (the released code's norm of the pooled, padded encoder outputs)")
  String diversity;

  @Option(
      names = "--padding-class",
      negatable = true,
      description =
          "fine-tuning: the softmax over all items also covers the released code's padding item"
              + " (the adapters' biases); evaluation never ranks it")
  Boolean paddingClass;

  @Option(
      names = "--length-buckets",
      description = "draw batches of similar-length sequences (earlier versions' default)")
  boolean lengthBuckets;

  @Option(names = "--out", description = "output folder (default runs/<dataset>-<mode>-<seed>)")
  Path out;

  @Mixin EvaluationOptions evaluation;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    // Options are checked before the data loads, which can take minutes (text encoding).
    Cutoffs.withProtocol(evaluation.cutoffs, "--cutoffs");
    TrainConfig trainConfig = trainConfig();
    if (init != null) {
      try {
        Checkpoints.manifest(init);
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException(
            "--init " + init + " is not a readable checkpoint folder: " + e.getMessage(), e);
      }
    }
    Domain domain = data.load();
    DomainStats stats = DomainStats.of(domain);
    System.out.println("dataset  " + stats);
    Optional<FeatureTable> wordDrop = Optional.empty();
    if (objective == TrainConfig.Objective.PRETRAIN
        && !domain.itemTexts().isEmpty()
        && data.encodeText) {
      try (MiniLmTextEncoder encoder = new MiniLmTextEncoder()) {
        wordDrop =
            Optional.of(
                new TextViews(data.extractor(encoder), new WordDrop()).wordDropped(domain, seed));
      }
    }
    MissRecConfig modelConfig = DomainTraining.modelConfig(domain, mode == Mode.TRANSDUCTIVE);
    Path outDir =
        out != null
            ? out
            : Path.of(
                "runs", domain.name() + "-" + mode.name().toLowerCase(Locale.ROOT) + "-" + seed);
    try (MissRecModel model = DomainTraining.open(modelConfig, init, seed)) {
      long[] counts = model.parameterCounts();
      System.out.printf(
          Locale.ROOT,
          "model    %s, %,d parameters%n",
          mode.name().toLowerCase(Locale.ROOT),
          counts[0]);
      TrainingListener progress =
          new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats s, MissRecModel m) {
              System.out.printf(
                  Locale.ROOT,
                  "epoch %3d  loss %.4f  valid R@10 %.4f N@10 %.4f  train %.1fs (%.0f seq/s)  "
                      + "interests %.1fs  eval %.1fs%s%n",
                  s.epoch(),
                  s.loss(),
                  s.valid().get("recall@10"),
                  s.valid().get("ndcg@10"),
                  s.trainSeconds(),
                  s.sequencesPerSecond(),
                  s.clusterSeconds(),
                  s.evalSeconds(),
                  s.improved() ? "  *" : "");
            }
          };
      TrainingResult result =
          new MissRecTrainer(
                  trainConfig,
                  progress,
                  evaluation.cutoffs.stream().mapToInt(Integer::intValue).toArray())
              .fit(model, domain, wordDrop, 0);
      Checkpoints.save(
          model,
          result.bestEpoch(),
          "best epoch of " + domain.name(),
          outDir.resolve("checkpoint"));
      TrainingReport report =
          new TrainingReport(
              datasetInfo(domain, stats),
              modelConfig.asParams(),
              trainConfig.asParams(),
              mode.name().toLowerCase(Locale.ROOT),
              environment(),
              result.totalParameters(),
              result.trainableParameters(),
              result.epochs(),
              result.bestEpoch(),
              result.bestValid(),
              result.test(),
              result.testStandardErrors(),
              result.testSeconds(),
              (System.nanoTime() - started) / 1e9);
      report.write(outDir.resolve("report.json"));
      Path html =
          ReportRenderer.render(runReport(domain, modelConfig, trainConfig, result))
              .writeTo(outDir, "report.html");
      Map<String, Double> t = result.test();
      System.out.printf(
          Locale.ROOT,
          "best epoch %d  TEST R@10 %.4f  N@10 %.4f  R@50 %.4f  N@50 %.4f%n",
          result.bestEpoch(),
          t.get("recall@10"),
          t.get("ndcg@10"),
          t.get("recall@50"),
          t.get("ndcg@50"));
      Map<String, Double> se = result.testStandardErrors();
      System.out.printf(
          Locale.ROOT,
          "         standard error over %d test users: R@10 %.4f  N@10 %.4f  R@50 %.4f  N@50 %.4f%n",
          domain.splits().test().size(),
          se.get("recall@10"),
          se.get("ndcg@10"),
          se.get("recall@50"),
          se.get("ndcg@50"));
      if (t.containsKey("recall@11")) {
        System.out.printf(
            Locale.ROOT,
            "         R@11 %.4f  N@11 %.4f  R@51 %.4f  N@51 %.4f  (the released code's \"@10\","
                + " \"@50\")%n",
            t.get("recall@11"),
            t.get("ndcg@11"),
            t.get("recall@51"),
            t.get("ndcg@51"));
      }
      List<Integer> more =
          evaluation.cutoffs.stream()
              .filter(k -> !RankingMetrics.RELEASED_EVALUATOR_CUTOFFS.contains(k))
              .toList();
      if (!more.isEmpty()) {
        StringBuilder line = new StringBuilder("        ");
        new java.util.TreeSet<>(more)
            .forEach(
                k ->
                    line.append(
                        String.format(
                            Locale.ROOT,
                            " R@%d %.4f  N@%d %.4f ",
                            k,
                            t.get("recall@" + k),
                            k,
                            t.get("ndcg@" + k))));
        System.out.println(line.toString().stripTrailing());
      }
      System.out.println("report   " + outDir.resolve("report.json") + ", " + html);
      System.out.println("model    " + outDir.resolve("checkpoint"));
    }
    return 0;
  }

  /** The same page as a platform run's report: curves, best valid and test metrics, params. */
  private RunReport runReport(
      Domain domain, MissRecConfig modelConfig, TrainConfig trainConfig, TrainingResult result) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("dataset", domain.name());
    facts.put(
        "source", data.synthetic != null ? "synthetic:" + data.synthetic : data.dataset.toString());
    facts.put("mode", mode.name().toLowerCase(Locale.ROOT));
    facts.put(
        "parameters",
        String.format(
            Locale.ROOT,
            "%,d (%,d trained)",
            result.totalParameters(),
            result.trainableParameters()));
    Map<String, String> params = new TreeMap<>(trainConfig.asParams());
    modelConfig.asParams().forEach((key, value) -> params.put("model." + key, value));
    List<EpochPoint> history =
        result.epochs().stream()
            .map(e -> new EpochPoint(e.epoch(), e.loss(), MetricLabels.display(e.valid())))
            .toList();
    Map<String, Map<String, Double>> finals = new LinkedHashMap<>();
    finals.put("valid, best epoch " + result.bestEpoch(), MetricLabels.display(result.bestValid()));
    finals.put("test", MetricLabels.display(result.test()));
    finals.put("test, standard error", MetricLabels.display(result.testStandardErrors()));
    return new RunReport(
        "train " + domain.name() + " (" + facts.get("mode") + ")", facts, params, history, finals);
  }

  private TrainConfig trainConfig() {
    TrainConfig base =
        objective == TrainConfig.Objective.PRETRAIN
            ? TrainConfig.pretrainDefaults()
            : TrainConfig.fineTuneDefaults();
    TrainConfig c =
        base
            .withEpochs(epochs)
            .withPatience(patience)
            .withSeed(seed)
            .withLearningRate(learningRate)
            .withFreezeCore(freezeCore)
            .withLengthBuckets(lengthBuckets)
            .withInterestMethod(TrainConfig.InterestMethod.parse(interests))
            .withDiversity(TrainConfig.DiversityForm.parse(diversity))
            .toBuilder()
            .kmeansIterations(kmeansIterations)
            .build();
    if (paddingClass != null) {
      c = c.withPaddingClass(paddingClass);
    }
    if (batchSize != null) {
      c = c.withBatchSize(batchSize);
    }
    if (clusterRatio != null) {
      c = c.withClusterRatio(clusterRatio);
    }
    return c;
  }

  private Map<String, Object> datasetInfo(Domain domain, DomainStats stats) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", domain.name());
    info.put("source", data.source());
    info.put("modalities", List.copyOf(domain.features().keySet()));
    info.put("stats", stats.toString());
    return info;
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("java", System.getProperty("java.version"));
    env.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    env.put(
        "engine",
        ai.djl.engine.Engine.getInstance().getEngineName()
            + " "
            + ai.djl.engine.Engine.getInstance().getVersion());
    return env;
  }
}
