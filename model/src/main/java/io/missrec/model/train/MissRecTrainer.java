package io.missrec.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.UserSequence;
import io.missrec.model.eval.RankingMetrics;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.torch.Rows;
import io.missrec.model.torch.TorchOwned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: interest discovery before every epoch, Adam steps over shuffled batches,
 * full-ranking validation with early stopping on NDCG@10, and a final test evaluation of the best
 * epoch's model.
 */
public final class MissRecTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(MissRecTrainer.class);
  private static final String SELECT_METRIC = "ndcg@10";
  // "kmeans" in ASCII: separates k-means' starting draws from the batch stream of the same epoch
  private static final long KMEANS_STREAM = 0x6b6d65616e73L;

  /** Released code: item drop with probability 0.9, otherwise the word-dropped text view. */
  private static final double ITEM_DROP_PROBABILITY = 0.9;

  private static final double ITEM_KEEP = 0.8;

  private final TrainConfig config;
  private final TrainingListener listener;
  private final int[] testCutoffs;

  /**
   * Test metrics at 10 and 50, and at 11 and 51 (see {@link RankingMetrics#withReleasedEvaluator}).
   */
  public MissRecTrainer(TrainConfig config, TrainingListener listener) {
    this(config, listener, new int[0]);
  }

  /**
   * @param extraTestCutoffs more K for the test Recall@K / NDCG@K (each at least 1), besides 10,
   *     50, 11 and 51
   */
  public MissRecTrainer(TrainConfig config, TrainingListener listener, int... extraTestCutoffs) {
    this.config = config;
    this.listener = listener;
    TreeSet<Integer> cutoffs = new TreeSet<>(RankingMetrics.RELEASED_EVALUATOR_CUTOFFS);
    for (int k : extraTestCutoffs) {
      if (k < 1) {
        throw new IllegalArgumentException("a test cutoff must be >= 1, got " + k);
      }
      cutoffs.add(k);
    }
    this.testCutoffs = cutoffs.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Trains {@code model} on {@code domain} and leaves it holding the best epoch's weights.
   *
   * @param wordDropText the word-dropped text feature table for pre-training views, if any
   * @param startEpoch epochs already done (resuming from a checkpoint), 0 for a fresh run
   */
  public TrainingResult fit(
      MissRecModel model, Domain domain, Optional<FeatureTable> wordDropText, int startEpoch) {
    return fit(model, domain, wordDropText, startEpoch, Resume.fresh());
  }

  /**
   * Early-stopping and optimizer state carried over when a run resumes from a checkpoint. The best
   * epoch's weights are not carried: if no later epoch beats {@code bestScore}, the model keeps the
   * last epoch's weights and the caller keeps its own best checkpoint.
   *
   * @param bestScore best valid NDCG@10 before the resumed epochs (-infinity for none)
   * @param bestEpoch its epoch (0 for none)
   * @param bestValid its valid metrics
   * @param epochsWithoutGain epochs since then
   * @param optimizer Adam's state after the checkpoint's epoch (from {@link
   *     TrainingListener#onEpochEnd(EpochStats, MissRecModel, ResumableAdam)}), or null to restart
   *     Adam from zero, which makes the resumed epochs differ from an uninterrupted run
   */
  public record Resume(
      double bestScore,
      int bestEpoch,
      Map<String, Double> bestValid,
      int epochsWithoutGain,
      AdamState optimizer) {

    /** Without optimizer state. */
    public Resume(
        double bestScore, int bestEpoch, Map<String, Double> bestValid, int epochsWithoutGain) {
      this(bestScore, bestEpoch, bestValid, epochsWithoutGain, null);
    }

    public static Resume fresh() {
      return new Resume(Double.NEGATIVE_INFINITY, 0, Map.of(), 0);
    }

    public Resume withOptimizer(AdamState state) {
      return new Resume(bestScore, bestEpoch, bestValid, epochsWithoutGain, state);
    }
  }

  /** {@link #fit(MissRecModel, Domain, Optional, int)} continuing {@code resume}'s state. */
  public TrainingResult fit(
      MissRecModel model,
      Domain domain,
      Optional<FeatureTable> wordDropText,
      int startEpoch,
      Resume resume) {
    MissRecBlock block = model.block();
    block.freezePretrainedCore(config.freezeCore());
    List<String> modalities = block.modalities();
    Evaluator evaluator = new Evaluator(config.evalBatchSize());
    List<EpochStats> history = new ArrayList<>();
    long[] counts = model.parameterCounts();
    LOG.info(
        "training {} on {}: {} parameters, {} trainable",
        config.objective(),
        domain.name(),
        counts[0],
        counts[1]);

    try (ResumableAdam adam =
            ResumableAdam.builder()
                .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                .build(block.getParameters());
        ItemInputs items = new ItemInputs(model.manager(), domain, modalities, List.of());
        ItemInputs viewItems =
            wordDropText
                .map(t -> new ItemInputs(model.manager(), domain, modalities, List.of(asText(t))))
                .orElse(null)) {
      if (resume.optimizer() != null) {
        adam.restore(resume.optimizer());
      }
      double best = resume.bestScore();
      float[][] bestWeights = null;
      int[] bestAssignment = null;
      int bestInterests = 0;
      int bestEpoch = resume.bestEpoch();
      Map<String, Double> bestValid = resume.bestValid();
      int sinceBest = resume.epochsWithoutGain();
      for (int epoch = startEpoch + 1; epoch <= config.epochs(); epoch++) {
        long t0 = System.nanoTime();
        // every random stream of an epoch (dropout here, batches and views below) starts from
        // (seed, epoch), so an epoch trains the same whether or not the run was resumed before it
        Engine.getInstance().setRandomSeed((int) epochSeed(config.seed(), epoch));
        discoverInterests(model, items, epoch);
        model.refreshInterestTable(items);
        long t1 = System.nanoTime();
        Random random = new Random(epochSeed(config.seed(), epoch));
        List<List<UserSequence>> batches =
            Batches.plan(
                domain.splits().train(), config.batchSize(), config.lengthBuckets(), random);
        double lossSum = 0;
        long seen = 0;
        for (List<UserSequence> batch : batches) {
          float loss =
              config.objective() == TrainConfig.Objective.PRETRAIN
                  ? pretrainStep(model, items, viewItems, batch, adam, random)
                  : fineTuneStep(model, items, batch, adam);
          lossSum += loss * batch.size();
          seen += batch.size();
        }
        long t2 = System.nanoTime();
        RankingMetrics valid = evaluator.evaluate(model, items, domain.splits().valid());
        long t3 = System.nanoTime();
        double score = valid.ndcg(10);
        boolean improved = score > best;
        if (improved) {
          best = score;
          bestWeights = model.snapshot();
          bestAssignment = model.interests().assignment();
          bestInterests = model.interests().numInterests();
          bestEpoch = epoch;
          bestValid = valid.asMap();
          sinceBest = 0;
        } else {
          sinceBest++;
        }
        double trainSeconds = (t2 - t1) / 1e9;
        EpochStats stats =
            new EpochStats(
                epoch,
                lossSum / Math.max(1, seen),
                valid.asMap(),
                trainSeconds,
                (t1 - t0) / 1e9,
                (t3 - t2) / 1e9,
                seen / Math.max(1e-9, trainSeconds),
                improved);
        history.add(stats);
        listener.onEpochEnd(stats, model, adam);
        if (config.patience() > 0 && sinceBest >= config.patience()) {
          LOG.info(
              "early stop after epoch {}: no {} gain for {} epochs",
              epoch,
              SELECT_METRIC,
              sinceBest);
          break;
        }
      }
      if (bestWeights != null) {
        model.restore(bestWeights);
        model.installInterests(items, bestAssignment, bestInterests);
      } else {
        discoverInterests(model, items, config.epochs() + 1);
      }
      long t4 = System.nanoTime();
      // test metrics also at 11 and 51, the cutoffs behind the released code's "@10" and "@50"
      RankingMetrics test =
          evaluator.evaluate(model, items, domain.splits().test(), new RankingMetrics(testCutoffs));
      double testSeconds = (System.nanoTime() - t4) / 1e9;
      return new TrainingResult(
          history,
          bestEpoch,
          bestValid,
          test.asMap(),
          test.standardErrors(),
          counts[0],
          counts[1],
          testSeconds);
    }
  }

  /**
   * Clusters the tokens with the configured method. K-means draws its start from a stream of its
   * own per (seed, epoch), so choosing it leaves the batches and dropout of an epoch unchanged.
   */
  private void discoverInterests(MissRecModel model, ItemInputs items, int epoch) {
    switch (config.interestMethod()) {
      case DPC_KNN -> model.discoverInterests(items, config.clusterRatio(), config.knnRatio());
      case KMEANS ->
          model.discoverInterestsByKMeans(
              items,
              config.clusterRatio(),
              config.kmeansIterations(),
              new Random(epochSeed(config.seed(), epoch) ^ KMEANS_STREAM));
    }
  }

  /** The seed of an epoch's random streams (libtorch takes its low 32 bits). */
  public static long epochSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  private float fineTuneStep(
      MissRecModel model, ItemInputs items, List<UserSequence> examples, ResumableAdam adam) {
    MissRecBlock block = model.block();
    ParameterStore ps = model.parameterStore();
    float loss;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      MicroBatched batch = MicroBatched.of(model, examples, null, null, config.diversity());
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList adapted = block.adapt(ps, items.features(), items.present(), true);
        NDArray table = block.tokenTable(ps, adapted, null, true);
        NDList out = batch.forward(block, ps, table, model.interestTable(), config.gamma(), true);
        NDArray scores =
            block.score(
                ps, out.get(0), MissRecBlock.candidates(adapted), items.presentLog(), null, true);
        if (config.paddingClass()) {
          scores = scores.concat(block.paddingScore(ps, out.get(0), true), 1);
        }
        NDArray total = Losses.allItems(scores, batch.targets(), config.tau()).add(out.get(1));
        gc.backward(total);
        loss = total.getFloat();
      }
    }
    update(model, adam);
    return loss;
  }

  private float pretrainStep(
      MissRecModel model,
      ItemInputs items,
      ItemInputs viewItems,
      List<UserSequence> examples,
      ResumableAdam adam,
      Random random) {
    MissRecBlock block = model.block();
    ParameterStore ps = model.parameterStore();
    int n = items.numItems();
    List<int[]> views = new ArrayList<>(examples.size());
    int[] offsets = new int[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      int[] h = Batches.truncate(examples.get(i).history(), model.config().maxLen());
      boolean itemDrop = viewItems == null || random.nextDouble() < ITEM_DROP_PROBABILITY;
      views.add(itemDrop ? Batches.itemDrop(h, ITEM_KEEP, random) : h);
      offsets[i] = itemDrop ? 0 : n; // word-dropped rows follow the originals in the view table
    }
    float loss;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      MicroBatched batch = MicroBatched.of(model, examples, null, null, config.diversity());
      MicroBatched viewBatch = batch.withViews(model, examples, views, offsets);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList adapted = block.adapt(ps, items.features(), items.present(), true);
        NDArray table = block.tokenTable(ps, adapted, null, true);
        NDArray viewTable = table;
        if (viewItems != null) {
          NDList viewAdapted = block.adapt(ps, viewItems.features(), viewItems.present(), true);
          viewTable = table.concat(block.tokenTable(ps, viewAdapted, null, true), 0);
        }
        NDArray interestTable = model.interestTable();
        NDList out = batch.forward(block, ps, table, interestTable, config.gamma(), true);
        NDList viewOut =
            viewBatch.forward(block, ps, viewTable, interestTable, config.gamma(), true);
        NDArray targets = batch.targets();
        NDList candidates = new NDList();
        NDList presentLog = new NDList();
        NDList all = MissRecBlock.candidates(adapted);
        for (int m = 0; m < all.size(); m++) {
          candidates.add(Rows.gather(all.get(m), targets));
          presentLog.add(items.presentLog().get(m).get(targets));
        }
        NDArray scores = block.score(ps, out.get(0), candidates, presentLog, targets, true);
        NDArray sequenceSequence =
            Losses.sequenceSequence(out.get(0), viewOut.get(0), config.tau());
        NDArray total =
            Losses.sequenceItem(scores, config.tau())
                .add(sequenceSequence.mul(TorchOwned.scalar(sequenceSequence, config.lambda())))
                .add(out.get(1));
        gc.backward(total);
        loss = total.getFloat();
      }
    }
    update(model, adam);
    return loss;
  }

  /**
   * One Adam update of every trainable parameter, then zeroed gradients. Runs outside the step's
   * NDScope (as DJL's optimizers expect; ours keeps its state out of scopes either way).
   */
  private static void update(MissRecModel model, ResumableAdam adam) {
    for (Pair<String, Parameter> p : model.block().getParameters()) {
      Parameter parameter = p.getValue();
      if (!parameter.requiresGradient()) {
        continue;
      }
      NDArray weight = parameter.getArray();
      try (NDArray grad = weight.getGradient()) {
        adam.update(parameter.getId(), weight, grad);
        grad.subi(grad);
      }
    }
  }

  /** The word-dropped view replaces the text modality, whatever name its table carries. */
  private static FeatureTable asText(FeatureTable view) {
    return new FeatureTable(
        FeatureTable.TEXT, view.numItems(), view.dim(), view.values(), view.missing());
  }
}
