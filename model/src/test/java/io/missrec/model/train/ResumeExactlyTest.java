package io.missrec.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.nn.MissRecConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after epoch k and resumed in a fresh model from its checkpoint and optimizer state
 * trains the remaining epochs exactly as the run that never stopped: same losses, valid metrics and
 * weights, bit for bit. Without the optimizer state it does not.
 */
class ResumeExactlyTest {

  private static final int EPOCHS = 3;
  private static final int STOP_AFTER = 1;
  private static Domain domain;

  @TempDir Path dir;

  @BeforeAll
  static void generate() {
    domain = SyntheticDomains.generate(SyntheticConfig.defaults().withSize(60, 120)).get(0);
  }

  private static MissRecConfig model(int idItems) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (FeatureTable t : domain.features().values()) {
      dims.put(t.modality(), t.dim());
    }
    return new MissRecConfig(32, 2, 64, 1, 1, 0.2f, 50, 50, dims, idItems, 1e-12f);
  }

  /** Per epoch: the statistics and every parameter's values at the epoch's end. */
  private record Run(
      List<EpochStats> epochs,
      List<float[][]> weights,
      AdamState stateAtStop,
      TrainingResult result) {}

  private static Run train(
      MissRecModel model, TrainConfig config, int startEpoch, MissRecTrainer.Resume resume) {
    List<EpochStats> epochs = new ArrayList<>();
    List<float[][]> weights = new ArrayList<>();
    AdamState[] state = new AdamState[1];
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochStats stats, MissRecModel m, ResumableAdam optimizer) {
            epochs.add(stats);
            weights.add(m.snapshot());
            if (stats.epoch() == STOP_AFTER) {
              state[0] = optimizer.state();
            }
          }
        };
    TrainingResult result =
        new MissRecTrainer(config, listener)
            .fit(model, domain, Optional.empty(), startEpoch, resume);
    return new Run(epochs, weights, state[0], result);
  }

  /**
   * Trains EPOCHS straight, and STOP_AFTER + a resume from the checkpoint, with or without Adam.
   */
  private List<Run> straightResumedAndRestarted(TrainConfig config, MissRecConfig architecture) {
    Run straight;
    try (MissRecModel model = MissRecModel.create(architecture, 7)) {
      straight = train(model, config, 0, MissRecTrainer.Resume.fresh());
    }
    Path checkpoint = dir.resolve("epoch-" + STOP_AFTER);
    Path adam = dir.resolve("epoch-" + STOP_AFTER + ".adam");
    MissRecTrainer.Resume early;
    try (MissRecModel model = MissRecModel.create(architecture, 7)) {
      Run first = train(model, config.withEpochs(STOP_AFTER), 0, MissRecTrainer.Resume.fresh());
      Checkpoints.save(model, STOP_AFTER, "stopped", checkpoint);
      first.stateAtStop().write(adam);
      // the early-stopping state a heartbeat carries
      TrainingResult r = first.result();
      early =
          new MissRecTrainer.Resume(
              r.bestValid().get("ndcg@10"),
              r.bestEpoch(),
              r.bestValid(),
              STOP_AFTER - r.bestEpoch());
    }
    Run resumed;
    try (MissRecModel model = Checkpoints.load(checkpoint, null)) {
      resumed = train(model, config, STOP_AFTER, early.withOptimizer(AdamState.read(adam)));
    }
    Run restarted;
    try (MissRecModel model = Checkpoints.load(checkpoint, null)) {
      restarted = train(model, config, STOP_AFTER, early);
    }
    return List.of(straight, resumed, restarted);
  }

  private static void assertContinuesExactly(Run straight, Run resumed, Run restarted) {
    List<EpochStats> after = straight.epochs().subList(STOP_AFTER, EPOCHS);
    assertThat(resumed.epochs()).hasSameSizeAs(after);
    for (int i = 0; i < after.size(); i++) {
      EpochStats want = after.get(i);
      EpochStats got = resumed.epochs().get(i);
      assertThat(got.epoch()).isEqualTo(want.epoch());
      assertThat(Double.doubleToRawLongBits(got.loss()))
          .as("loss of epoch %d: %s vs %s", want.epoch(), got.loss(), want.loss())
          .isEqualTo(Double.doubleToRawLongBits(want.loss()));
      assertThat(got.valid()).isEqualTo(want.valid());
      assertThat(got.improved()).isEqualTo(want.improved());
      assertThat(
              Arrays.deepEquals(resumed.weights().get(i), straight.weights().get(STOP_AFTER + i)))
          .as("weights after epoch %d", want.epoch())
          .isTrue();
    }
    // withholding the optimizer state changes the very next epoch: the comparison can fail
    assertThat(restarted.epochs().get(0).loss()).isNotEqualTo(after.get(0).loss());
    assertThat(Arrays.deepEquals(restarted.weights().get(0), straight.weights().get(STOP_AFTER)))
        .isFalse();
  }

  @Test
  void fineTuningResumesBitForBitWithTheOptimizerState() {
    TrainConfig config =
        TrainConfig.fineTuneDefaults()
            .withEpochs(EPOCHS)
            .withBatchSize(32)
            .withPatience(0)
            .withSeed(13);
    // transductive: the item-ID table is trained too
    List<Run> runs = straightResumedAndRestarted(config, model(domain.numItems()));
    assertContinuesExactly(runs.get(0), runs.get(1), runs.get(2));
  }

  @Test
  void preTrainingResumesBitForBitWithTheOptimizerState() {
    // augmented views draw from the epoch's random stream, dropout from libtorch's
    TrainConfig config =
        TrainConfig.pretrainDefaults()
            .withEpochs(EPOCHS)
            .withBatchSize(32)
            .withPatience(0)
            .withSeed(13);
    List<Run> runs = straightResumedAndRestarted(config, model(0));
    assertContinuesExactly(runs.get(0), runs.get(1), runs.get(2));
  }
}
