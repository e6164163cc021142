package io.missrec.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.nn.MissRecConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on the generated domains: learning, determinism, checkpoints, both objectives. */
class MissRecTrainerTest {

  private static Domain domain;

  @BeforeAll
  static void generate() {
    domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
  }

  private static MissRecConfig smallModel(Domain d) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (FeatureTable t : d.features().values()) {
      dims.put(t.modality(), t.dim());
    }
    // published architecture, narrower so the test stays fast
    return new MissRecConfig(64, 4, 128, 1, 1, 0.2f, 50, 50, dims, 0, 1e-12f);
  }

  private static TrainConfig quick(int epochs) {
    return TrainConfig.fineTuneDefaults()
        .withEpochs(epochs)
        .withBatchSize(256)
        .withPatience(0)
        .withSeed(11);
  }

  @Test
  void learnsTheSyntheticDomainWellAboveRandom() {
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 11)) {
      TrainingResult result =
          new MissRecTrainer(quick(6), TrainingListener.none())
              .fit(model, domain, Optional.empty(), 0);
      double random = 10.0 / domain.numItems();
      assertThat(result.test().get("recall@10")).isGreaterThan(5 * random);
      // a binary hit's standard error over n users: sqrt(p (1 - p) / (n - 1))
      double p = result.test().get("recall@10");
      int users = domain.splits().test().size();
      assertThat(result.testStandardErrors().get("recall@10"))
          .isCloseTo(Math.sqrt(p * (1 - p) / (users - 1)), within(1e-9));
      assertThat(result.testStandardErrors()).containsOnlyKeys(result.test().keySet());
      assertThat(result.epochs()).hasSize(6);
      assertThat(result.epochs().get(5).loss()).isLessThan(result.epochs().get(0).loss());
      assertThat(result.trainableParameters()).isEqualTo(result.totalParameters());
    }
  }

  @Test
  void reportsTestMetricsAtExtraCutoffsConsistentWithTheStandardOnes() {
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 11)) {
      Map<String, Double> test =
          new MissRecTrainer(quick(1), TrainingListener.none(), 20, 5, 20)
              .fit(model, domain, Optional.empty(), 0)
              .test();
      assertThat(test)
          .containsOnlyKeys(
              List.of(5, 10, 11, 20, 50, 51).stream()
                  .flatMap(k -> java.util.stream.Stream.of("recall@" + k, "ndcg@" + k))
                  .toList());
      // more items counted never lowers either metric
      assertThat(test.get("recall@5")).isLessThanOrEqualTo(test.get("recall@10"));
      assertThat(test.get("recall@11")).isLessThanOrEqualTo(test.get("recall@20"));
      assertThat(test.get("recall@20")).isLessThanOrEqualTo(test.get("recall@50"));
      assertThat(test.get("ndcg@5")).isLessThanOrEqualTo(test.get("ndcg@10"));
      assertThat(test.get("ndcg@20")).isLessThanOrEqualTo(test.get("ndcg@50"));
      assertThat(test.get("recall@20")).isGreaterThan(test.get("recall@5"));
    }
    assertThatThrownBy(() -> new MissRecTrainer(quick(1), TrainingListener.none(), 0))
        .hasMessage("a test cutoff must be >= 1, got 0");
  }

  @Test
  void kmeansInterestsLearnAndRepeatUnderTheSameSeed() {
    TrainConfig kmeans = quick(4).withInterestMethod(TrainConfig.InterestMethod.KMEANS);
    TrainingResult first;
    int tokens;
    int interests;
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 11)) {
      first =
          new MissRecTrainer(kmeans, TrainingListener.none())
              .fit(model, domain, Optional.empty(), 0);
      tokens = model.interests().assignment().length;
      interests = model.interests().numInterests();
    }
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 11)) {
      TrainingResult again =
          new MissRecTrainer(kmeans, TrainingListener.none())
              .fit(model, domain, Optional.empty(), 0);
      assertThat(again.test()).isEqualTo(first.test());
      assertThat(again.epochs().get(3).loss()).isEqualTo(first.epochs().get(3).loss());
    }
    assertThat(interests).isEqualTo((int) Math.ceil(0.5 * tokens));
    assertThat(first.test().get("recall@10")).isGreaterThan(5 * 10.0 / domain.numItems());
    assertThat(kmeans.asParams()).containsEntry("interests", "kmeans");
  }

  /**
   * The released code's padding item joins the fine-tuning softmax: one more class can only raise
   * the loss at the first step, where both runs start from the same parameters; the model still
   * learns, and evaluation ranks the real items only.
   */
  @Test
  void paddingClassJoinsTheSoftmaxAndTheModelStillLearns() {
    // one batch holds every training sequence: the epoch is that one first step
    TrainConfig plain = quick(1).withBatchSize(100_000);
    TrainConfig padded = plain.withPaddingClass(true);
    double[] firstLoss = new double[2];
    for (int run = 0; run < 2; run++) {
      try (MissRecModel model = MissRecModel.create(smallModel(domain), 11)) {
        firstLoss[run] =
            new MissRecTrainer(run == 0 ? plain : padded, TrainingListener.none())
                .fit(model, domain, Optional.empty(), 0)
                .epochs()
                .get(0)
                .loss();
      }
    }
    assertThat(firstLoss[1]).isGreaterThan(firstLoss[0]);
    assertThat(padded.asParams()).containsEntry("padding_class", "true");
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 11)) {
      TrainingResult learnt =
          new MissRecTrainer(quick(6).withPaddingClass(true), TrainingListener.none())
              .fit(model, domain, Optional.empty(), 0);
      assertThat(learnt.test().get("recall@10")).isGreaterThan(5 * 10.0 / domain.numItems());
    }
  }

  /**
   * Same seed, same machine: two separate JVMs (as two {@code missrec train} runs would be) give
   * bit-identical metrics and losses, with the default two threads, even when one of them runs
   * under constant garbage collection. That second part guards against arrays whose memory the Java
   * GC can free while an autograd graph still reads it (see {@code TorchOwned}): such a run
   * diverges or turns NaN.
   */
  @Test
  void sameSeedGivesTheSameMetricsRunToRun() throws Exception {
    String quietOutput = runInFreshJvm(false);
    String quiet = metricsLine(quietOutput);
    String underGcPressure = metricsLine(runInFreshJvm(true));
    assertThat(quiet).contains("recall@10").contains("LOSSES 0x").doesNotContain("NaN");
    assertThat(underGcPressure).isEqualTo(quiet);
    // restoring the best epoch's weights must not go through the native path that makes libtorch
    // print its AutoNonVariableTypeMode deprecation warning on every run's terminal
    assertThat(quietOutput).doesNotContain("AutoNonVariableTypeMode");
  }

  private static String metricsLine(String output) {
    return output.lines().filter(l -> l.startsWith("METRICS ")).findFirst().orElseThrow();
  }

  private static String runInFreshJvm(boolean gcPressure) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=2",
            "-cp",
            System.getProperty("java.class.path"),
            DeterminismProbe.class.getName(),
            String.valueOf(gcPressure));
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.redirectErrorStream(true);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  /**
   * Entry point of the fresh JVMs above: a short seeded run, metrics on one line; with argument
   * {@code true}, a daemon thread asks for a full GC every 2 ms throughout.
   */
  public static final class DeterminismProbe {
    public static void main(String[] args) {
      if (args.length > 0 && Boolean.parseBoolean(args[0])) {
        Thread collector =
            new Thread(
                () -> {
                  while (true) {
                    System.gc();
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                },
                "gc-pressure");
        collector.setDaemon(true);
        collector.start();
      }
      Domain d = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
      try (MissRecModel model = MissRecModel.create(smallModel(d), 5)) {
        TrainingResult r =
            new MissRecTrainer(quick(2).withSeed(5), TrainingListener.none())
                .fit(model, d, Optional.empty(), 0);
        StringBuilder losses = new StringBuilder();
        for (EpochStats e : r.epochs()) {
          losses.append(' ').append(Double.toHexString(e.loss()));
        }
        // losses to the last bit: rank metrics alone would hide small differences in the weights
        System.out.println("METRICS " + r.test() + " LOSSES" + losses);
      }
    }
  }

  @Test
  void checkpointRestoresExactly(@TempDir Path dir) {
    Path checkpoint = dir.resolve("ckpt");
    long[] ranks;
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 3)) {
      new MissRecTrainer(quick(1), TrainingListener.none()).fit(model, domain, Optional.empty(), 0);
      Checkpoints.save(model, 1, "test", checkpoint);
      try (ItemInputs items =
          new ItemInputs(model.manager(), domain, model.block().modalities(), List.of())) {
        ranks = new Evaluator(128).ranks(model, items, domain.splits().test());
      }
    }
    try (MissRecModel restored = Checkpoints.load(checkpoint, null)) {
      try (ItemInputs items =
          new ItemInputs(restored.manager(), domain, restored.block().modalities(), List.of())) {
        restored.installInterests(
            items,
            Checkpoints.interests(checkpoint),
            Checkpoints.manifest(checkpoint).numInterests());
        assertThat(new Evaluator(128).ranks(restored, items, domain.splits().test()))
            .containsExactly(ranks);
      }
      // and it trains on from there (loaded parameters take gradients again)
      TrainingResult resumed =
          new MissRecTrainer(quick(2), TrainingListener.none())
              .fit(restored, domain, Optional.empty(), 1);
      assertThat(resumed.epochs()).hasSize(1);
      assertThat(resumed.epochs().get(0).epoch()).isEqualTo(2);
    }
  }

  @Test
  void aCheckpointWrittenInAnotherModalityOrderLoadsInItsOwnOrder(@TempDir Path dir) {
    MissRecConfig textFirst = smallModel(domain);
    assertThat(textFirst.modalityDims().keySet())
        .containsExactly(FeatureTable.TEXT, FeatureTable.IMAGE);
    MissRecConfig imageFirst =
        textFirst.withModalityOrder(List.of(FeatureTable.IMAGE, FeatureTable.TEXT));
    // equal as records, but DJL stores the adapters by child position, in modality order
    assertThat(imageFirst).isEqualTo(textFirst);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> textFirst.withModalityOrder(List.of(FeatureTable.TEXT, "audio")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[text, audio]");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> textFirst.withModalityOrder(List.of(FeatureTable.TEXT, FeatureTable.TEXT)))
        .isInstanceOf(IllegalArgumentException.class);
    Path checkpoint = dir.resolve("image-first");
    Map<String, float[]> saved = new LinkedHashMap<>();
    try (MissRecModel model = MissRecModel.create(imageFirst, 3)) {
      Checkpoints.save(model, 0, "written image first", checkpoint);
      model.block().getParameters().forEach(p -> saved.put(p.getKey(), values(p.getValue())));
    }
    for (MissRecConfig override : new MissRecConfig[] {textFirst, textFirst.withIdItems(7)}) {
      try (MissRecModel model = Checkpoints.load(checkpoint, override)) {
        assertThat(model.block().modalities()).containsExactly("image", "text");
        saved.forEach(
            (name, values) ->
                assertThat(values(model.block().getParameters().get(name)))
                    .as(name)
                    .containsExactly(values));
      }
    }
  }

  private static float[] values(ai.djl.nn.Parameter parameter) {
    return parameter.getArray().toFloatArray();
  }

  @Test
  void transductiveTransferFromAnInductiveCheckpointKeepsTheCore(@TempDir Path dir) {
    Path checkpoint = dir.resolve("source");
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 3)) {
      Checkpoints.save(model, 0, "untrained", checkpoint);
    }
    Domain target = SyntheticDomains.generate(SyntheticConfig.defaults()).get(2);
    MissRecConfig withIds = smallModel(target).withIdItems(target.numItems());
    try (MissRecModel model = Checkpoints.load(checkpoint, withIds)) {
      TrainingResult result =
          new MissRecTrainer(quick(2).withFreezeCore(true), TrainingListener.none())
              .fit(model, target, Optional.empty(), 0);
      assertThat(result.trainableParameters()).isLessThan(result.totalParameters());
      // the ID table (items x d) is among the trainable parameters
      assertThat(result.trainableParameters()).isGreaterThan((long) target.numItems() * 64);
      assertThat(result.test().get("recall@50")).isGreaterThan(50.0 / target.numItems());
    }
  }

  @Test
  void nativeArraysDoNotGrowFromEpochToEpoch() {
    List<Integer> live = new java.util.ArrayList<>();
    TrainingListener counter =
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochStats stats, MissRecModel model) {
            live.add(model.manager().getManagedArrays().size());
          }
        };
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 9)) {
      new MissRecTrainer(quick(4).withSeed(9), counter).fit(model, domain, Optional.empty(), 0);
    }
    // epoch 1 creates the optimizer state; afterwards every step cleans up after itself
    assertThat(live.subList(1, live.size())).containsOnly(live.get(1));
  }

  @Test
  void pretrainingObjectiveRunsAndLowersItsLoss() {
    TrainConfig pretrain =
        TrainConfig.pretrainDefaults().withEpochs(3).withBatchSize(256).withPatience(0).withSeed(4);
    try (MissRecModel model = MissRecModel.create(smallModel(domain), 4)) {
      TrainingResult result =
          new MissRecTrainer(pretrain, TrainingListener.none())
              .fit(model, domain, Optional.empty(), 0);
      assertThat(result.epochs().get(2).loss()).isLessThan(result.epochs().get(0).loss());
    }
  }
}
