package io.missrec.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.missrec.model.bench.FlopEstimate;
import io.missrec.model.data.Domain;
import io.missrec.model.data.Domains;
import io.missrec.model.data.UserSequence;
import io.missrec.model.interest.DpcKnnBenchmark;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.Batches;
import io.missrec.model.train.DomainTraining;
import io.missrec.model.train.EpochStats;
import io.missrec.model.train.Evaluator;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MicroBatched;
import io.missrec.model.train.MissRecModel;
import io.missrec.model.train.MissRecTrainer;
import io.missrec.model.train.TrainConfig;
import io.missrec.model.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code missrec bench}: measured numbers, not a test. libtorch matmul GFLOP/s, training epochs on
 * a real domain with the published hyper-parameters (seconds, sequences/s, estimated FLOP
 * utilisation), full-ranking evaluation time, DPC-KNN at several token counts, peak RSS.
 */
@Command(
    name = "bench",
    header = "Measure training, evaluation and interest discovery speed.",
    mixinStandardHelpOptions = true,
    description = "Benchmark training, evaluation and interest discovery; prints measured numbers.")
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--dataset",
      description = "domain to train on (default ../shared/datasets/amazon-scientific-mm)")
  Path dataset;

  @Option(names = "--epochs", defaultValue = "3", description = "training epochs to time")
  int epochs;

  @Option(
      names = "--dpc-sizes",
      defaultValue = "10000,50000,100000",
      description = "DPC-KNN token counts, comma separated (\"\" to skip)")
  String dpcSizes;

  @Option(names = "--seed", defaultValue = "2023")
  long seed;

  @Option(
      names = "--length-buckets",
      description = "draw batches of similar-length sequences (default: uniformly random)")
  boolean lengthBuckets;

  @Override
  public Integer call() throws IOException {
    // Options are checked before minutes of measuring.
    String[] sizes = dpcSizes(dpcSizes);
    TrainConfig train =
        TrainConfig.fineTuneDefaults()
            .withEpochs(epochs)
            .withPatience(0)
            .withSeed(seed)
            .withLengthBuckets(lengthBuckets);
    Path dir = dataset != null ? dataset : Defaults.datasetsDir().resolve("amazon-scientific-mm");
    System.out.printf(
        Locale.ROOT,
        "machine: %d cpus, libtorch threads %s, java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        System.getProperty("java.version"));
    double peak = matmulGflops();
    System.out.printf(Locale.ROOT, "matmul fp32 (1024x1024x1024): %.1f GFLOP/s%n", peak);

    Domain domain = Domains.read(dir);
    Map<String, Integer> dims = DomainTraining.featureDims(domain);
    long featureDims = dims.values().stream().mapToLong(Integer::longValue).sum();
    MissRecConfig config = DomainTraining.modelConfig(domain, false);
    List<EpochStats> stats = new ArrayList<>();
    List<Double> flops = new ArrayList<>();
    long items = domain.numItems();
    int modalities = dims.size();
    long finalFeatureDims = featureDims;
    try (MissRecModel model = MissRecModel.create(config, seed)) {
      TrainingListener listener =
          new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats s, MissRecModel m) {
              double epochFlops =
                  epochFlops(m, domain, train, s.epoch(), items, finalFeatureDims, modalities);
              stats.add(s);
              flops.add(epochFlops);
              System.out.printf(
                  Locale.ROOT,
                  "epoch %d: train %.1f s (%.0f seq/s), interests %.2f s, valid eval %.2f s,"
                      + " %.1f GFLOP -> %.1f GFLOP/s = %.0f%% of matmul peak%n",
                  s.epoch(),
                  s.trainSeconds(),
                  s.sequencesPerSecond(),
                  s.clusterSeconds(),
                  s.evalSeconds(),
                  epochFlops / 1e9,
                  epochFlops / 1e9 / s.trainSeconds(),
                  100 * epochFlops / 1e9 / s.trainSeconds() / peak);
            }
          };
      new MissRecTrainer(train, listener).fit(model, domain, Optional.empty(), 0);
      try (ItemInputs inputs =
          new ItemInputs(model.manager(), domain, model.block().modalities(), List.of())) {
        Evaluator evaluator = new Evaluator(train.evalBatchSize());
        for (int i = 0; i < 2; i++) {
          long t0 = System.nanoTime();
          evaluator.evaluate(model, inputs, domain.splits().test());
          System.out.printf(
              Locale.ROOT,
              "full-ranking test evaluation (%d users x %d items): %.2f s%n",
              domain.splits().test().size(),
              items,
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    if (stats.size() > 1) {
      double sum = 0;
      for (int i = 1; i < stats.size(); i++) {
        sum += stats.get(i).trainSeconds() + stats.get(i).clusterSeconds();
      }
      System.out.printf(
          Locale.ROOT,
          "mean epoch after warm-up (train + interests): %.1f s%n",
          sum / (stats.size() - 1));
    }
    System.out.println("peak RSS after training: " + peakRss());
    if (sizes.length > 0) {
      DpcKnnBenchmark.main(sizes);
    }
    System.out.println("peak RSS: " + peakRss());
    return 0;
  }

  /** The token counts of {@code --dpc-sizes}, each a whole number of at least 2. */
  static String[] dpcSizes(String option) {
    String[] sizes =
        Arrays.stream(option.split(","))
            .map(String::trim)
            .filter(x -> !x.isEmpty())
            .toArray(String[]::new);
    for (String size : sizes) {
      int tokens;
      try {
        tokens = Integer.parseInt(size);
      } catch (NumberFormatException e) {
        tokens = -1;
      }
      if (tokens < 2) {
        throw new IllegalArgumentException(
            "--dpc-sizes: '" + size + "' is not a token count (a whole number >= 2)");
      }
    }
    return sizes;
  }

  /** Estimated FLOPs of the epoch's steps (same batch plan as the trainer). */
  private static double epochFlops(
      MissRecModel model,
      Domain domain,
      TrainConfig train,
      int epoch,
      long items,
      long featureDims,
      int modalities) {
    Random random = new Random(MissRecTrainer.epochSeed(train.seed(), epoch));
    List<List<UserSequence>> batches =
        Batches.plan(domain.splits().train(), train.batchSize(), train.lengthBuckets(), random);
    var index = model.interests().index();
    int maxLen = model.config().maxLen();
    int maxInterests = model.config().maxInterests();
    long tokens = index.layout().numTokens();
    double total = 0;
    for (List<UserSequence> batch : batches) {
      List<FlopEstimate.Part> parts = new ArrayList<>();
      for (int[] group : MicroBatched.groups(model, batch, null)) {
        int length = 1;
        int interests = 1;
        for (int i : group) {
          int[] h = Batches.truncate(batch.get(i).history(), maxLen);
          length = Math.max(length, h.length);
          interests = Math.max(interests, index.interestSequence(h, maxInterests).length);
        }
        parts.add(new FlopEstimate.Part(group.length, length, interests));
      }
      total +=
          FlopEstimate.trainingStep(model.config(), items, featureDims, modalities, tokens, parts);
    }
    return total;
  }

  private static double matmulGflops() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.randomNormal(new Shape(1024, 1024));
      NDArray b = manager.randomNormal(new Shape(1024, 1024));
      for (int i = 0; i < 3; i++) {
        a.matMul(b).close();
      }
      int reps = 20;
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        a.matMul(b).close();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return reps * 2.0 * 1024 * 1024 * 1024 / seconds / 1e9;
    }
  }

  static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return line.substring(6).trim();
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
