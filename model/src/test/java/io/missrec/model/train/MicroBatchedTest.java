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
}
