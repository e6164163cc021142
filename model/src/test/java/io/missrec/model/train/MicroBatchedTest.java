package io.missrec.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.data.UserSequence;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.nn.MissRecConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Length-grouped micro-batches: an optimal cut, and exactly the padded batch's outputs. */
class MicroBatchedTest {

  @Test
  void groupsCoverTheBatchOnceShortestFirst() {
    int[] lengths = {5, 1, 50, 1, 3, 5, 2, 50, 7, 1};
    List<int[]> runs = Batches.lengthGroups(lengths, 4);
    int[] seen = runs.stream().flatMapToInt(Arrays::stream).toArray();
    assertThat(seen).hasSize(lengths.length);
    assertThat(Arrays.stream(seen).sorted().toArray())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    int previous = 0;
    for (int i : seen) {
      assertThat(lengths[i]).isGreaterThanOrEqualTo(previous);
      previous = lengths[i];
    }
    // ties keep batch order (stable), so the cut is reproducible
    assertThat(runs.get(0)).startsWith(1, 3, 9);
  }

  @Test
  void overheadTradesPaddingAgainstPasses() {
    int[] lengths = {1, 1, 2, 2, 9, 9, 40};
    assertThat(Batches.lengthGroups(lengths, 0)).hasSize(4); // one run per distinct length
    assertThat(Batches.lengthGroups(lengths, 10_000)).hasSize(1); // padding is cheaper
  }

  /** The dynamic programme finds the cheapest cut: compared with every cut of small batches. */
  @Test
  void cutIsOptimalAgainstBruteForce() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(9);
      int[] lengths = new int[n];
      for (int i = 0; i < n; i++) {
        lengths[i] = 1 + random.nextInt(random.nextBoolean() ? 5 : 50);
      }
      int overhead = random.nextInt(30);
      long found = cost(lengths, Batches.lengthGroups(lengths, overhead), overhead);
      int[] sorted = lengths.clone();
      Arrays.sort(sorted);
      long best = Long.MAX_VALUE;
      for (int mask = 0; mask < 1 << (n - 1); mask++) { // bit i set: a run ends after i
        long total = 0;
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (i == n - 1 || (mask & (1 << i)) != 0) {
            total += overhead + (long) (i + 1 - start) * sorted[i];
            start = i + 1;
          }
        }
        best = Math.min(best, total);
      }
      assertThat(found)
          .as("lengths %s overhead %d", Arrays.toString(lengths), overhead)
          .isEqualTo(best);
    }
  }

  private static long cost(int[] lengths, List<int[]> runs, int overhead) {
    long total = 0;
    for (int[] run : runs) {
      int longest = Arrays.stream(run).map(i -> lengths[i]).max().orElseThrow();
      total += overhead + (long) run.length * longest;
    }
    return total;
  }

  /**
   * Micro-batches give the user vectors and the diversity term of the one padded batch (no dropout,
   * so both are deterministic): padding changes nothing, and joining keeps the rows.
   */
  @Test
  void microBatchesComputeWhatThePaddedBatchComputes() {
    Domain domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (FeatureTable t : domain.features().values()) {
      dims.put(t.modality(), t.dim());
    }
    MissRecConfig config = new MissRecConfig(32, 4, 64, 1, 1, 0.2f, 50, 50, dims, 0, 1e-12f);
    try (MissRecModel model = MissRecModel.create(config, 3);
        ItemInputs items =
            new ItemInputs(model.manager(), domain, model.block().modalities(), List.of());
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      model.discoverInterests(items, 0.5, 0.1);
      model.refreshInterestTable(items);
      List<UserSequence> train = new ArrayList<>(domain.splits().train());
      java.util.Collections.shuffle(train, new Random(5));
      List<UserSequence> batch = train.subList(0, 96);
      MicroBatched grouped = MicroBatched.of(model, batch, null, null);
      assertThat(grouped.parts()).hasSizeGreaterThan(1);
      assertThat(grouped.ordered()).containsExactlyInAnyOrderElementsOf(batch);

      MissRecBlock block = model.block();
      var ps = model.parameterStore();
      NDList adapted = block.adapt(ps, items.features(), items.present(), false);
      NDArray table = block.tokenTable(ps, adapted, null, false);
      NDList split = grouped.forward(block, ps, table, model.interestTable(), 1e-2f, false);

      List<int[]> histories = new ArrayList<>();
      int[] targets = new int[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        histories.add(Batches.truncate(grouped.ordered().get(i).history(), config.maxLen()));
        targets[i] = grouped.ordered().get(i).target();
      }
      var index = model.interests().index();
      SequenceBatch padded =
          SequenceBatch.of(
              model.manager(),
              histories,
              targets,
              s -> index.interestSequence(s, config.maxInterests()),
              null);
      NDList whole = block.forward(ps, padded.blockInputs(table, model.interestTable()), false);
      NDArray diversity = Losses.interestDiversity(whole.get(1), padded.interestValid(), 1e-2f);

      float[] a = split.get(0).toFloatArray();
      float[] b = whole.get(0).toFloatArray();
      assertThat(a).hasSameSizeAs(b);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThat(split.get(1).getFloat())
          .isCloseTo(diversity.getFloat(), org.assertj.core.data.Offset.offset(1e-7f));
      assertThat(grouped.targets().toLongArray()).containsExactly(padded.targets().toLongArray());
    }
  }

  /**
   * The pooled (released) regulariser of micro-batches equals the released code's formula on the
   * one batch padded to its longest interest sequence with zero vectors: {@code gamma * sum_b |(c_b
   * / M) sum_{m < M} xi_bm|^2 / d} over all M positions, padding included.
   */
  @Test
  void pooledRegulariserIsTheReleasedFormulaOnTheWholePaddedBatch() {
    Domain domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (FeatureTable t : domain.features().values()) {
      dims.put(t.modality(), t.dim());
    }
    MissRecConfig config = new MissRecConfig(32, 4, 64, 1, 1, 0.2f, 50, 50, dims, 0, 1e-12f);
    try (MissRecModel model = MissRecModel.create(config, 3);
        ItemInputs items =
            new ItemInputs(model.manager(), domain, model.block().modalities(), List.of());
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      model.discoverInterests(items, 0.5, 0.1);
      model.refreshInterestTable(items);
      List<UserSequence> train = new ArrayList<>(domain.splits().train());
      java.util.Collections.shuffle(train, new Random(9));
      List<UserSequence> batch = train.subList(0, 96);
      MicroBatched grouped =
          MicroBatched.of(model, batch, null, null, TrainConfig.DiversityForm.POOLED);
      assertThat(grouped.parts()).hasSizeGreaterThan(1);

      MissRecBlock block = model.block();
      var ps = model.parameterStore();
      NDList adapted = block.adapt(ps, items.features(), items.present(), false);
      NDArray table = block.tokenTable(ps, adapted, null, false);
      float gamma = 1e-2f;
      NDList split = grouped.forward(block, ps, table, model.interestTable(), gamma, false);
      // the user vectors do not depend on the form of the regulariser
      NDList plain =
          MicroBatched.of(model, batch, null, null)
              .forward(block, ps, table, model.interestTable(), gamma, false);
      assertThat(split.get(0).toFloatArray()).containsExactly(plain.get(0).toFloatArray());

      var index = model.interests().index();
      int n = batch.size();
      List<int[]> histories = new ArrayList<>();
      int[][] interests = new int[n][];
      int[] targets = new int[n];
      int width = 1;
      for (int i = 0; i < n; i++) {
        histories.add(Batches.truncate(batch.get(i).history(), config.maxLen()));
        interests[i] = index.interestSequence(histories.get(i), config.maxInterests());
        targets[i] = batch.get(i).target();
        boolean paddedHistory = histories.get(i).length < config.maxLen();
        width = Math.max(width, interests[i].length + (paddedHistory ? 1 : 0));
      }
      int k = index.numInterests();
      NDArray zeroPadded =
          model
              .interestTable()
              .concat(model.manager().zeros(new ai.djl.ndarray.types.Shape(1, 32)));
      SequenceBatch whole =
          SequenceBatch.of(model.manager(), histories, targets, interests, null, width, k);
      NDArray memory = block.forward(ps, whole.blockInputs(table, zeroPadded), false).get(1);
      float[] xi = memory.toFloatArray();
      double expected = 0;
      for (int b = 0; b < n; b++) {
        double share = interests[b].length / (double) width;
        for (int d = 0; d < 32; d++) {
          double sum = 0;
          for (int m = 0; m < width; m++) {
            sum += xi[(b * width + m) * 32 + d];
          }
          expected += (share * sum) * (share * sum);
        }
      }
      expected *= gamma / 32;
      assertThat((double) split.get(1).getFloat())
          .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-3));
    }
  }
}
