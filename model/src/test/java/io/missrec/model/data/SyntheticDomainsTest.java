package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticDomainsTest {

  private static final SyntheticConfig CONFIG = SyntheticConfig.defaults();

  @Test
  void sameSeedGivesIdenticalDomainsAndAnotherSeedDoesNot() {
    List<Domain> first = SyntheticDomains.generate(CONFIG);
    List<Domain> second = SyntheticDomains.generate(CONFIG);
    for (int d = 0; d < first.size(); d++) {
      DomainAssertions.assertSameDomain(first.get(d), second.get(d));
    }

    List<Domain> other = SyntheticDomains.generate(CONFIG.withSeed(7));
    assertThat(other.get(0).splits().test().get(0).history())
        .isNotEqualTo(first.get(0).splits().test().get(0).history());
  }

  @Test
  void domainsHaveConfiguredShapeAndDisjointItemIds() {
    List<Domain> domains = SyntheticDomains.generate(CONFIG);
    assertThat(domains).extracting(Domain::name).containsExactly("synth-a", "synth-b", "synth-c");
    Set<String> seen = new HashSet<>();
    for (Domain d : domains) {
      assertThat(d.numItems()).isEqualTo(300);
      assertThat(d.numUsers()).isEqualTo(600);
      assertThat(d.splits().valid()).hasSize(600);
      assertThat(d.splits().test()).hasSize(600);
      assertThat(d.itemTexts()).hasSize(300).doesNotContainNull();
      assertThat(d.feature(FeatureTable.TEXT).orElseThrow().dim()).isEqualTo(64);
      FeatureTable image = d.feature(FeatureTable.IMAGE).orElseThrow();
      assertThat(image.dim()).isEqualTo(32);
      assertThat(image.presentCount()).isBetween(240, 295); // about 10% missing
      assertThat(d.feature(FeatureTable.TEXT).orElseThrow().presentCount()).isEqualTo(300);
      for (String id : d.itemIds()) {
        assertThat(seen.add(id)).as("item id %s used by two domains", id).isTrue();
      }
      DomainStats stats = d.stats();
      assertThat(stats.avgLength()).isBetween(15.0, 20.0); // lengths uniform in 5..30
    }
  }

  /** A first-order transition count model fit on train beats random ranking by far. */
  @Test
  void sequencesHaveALearnableNextItemPattern() {
    Domain d = SyntheticDomains.generate(CONFIG).get(2);
    Map<Integer, Map<Integer, Integer>> counts = new HashMap<>();
    for (UserSequence e : d.splits().train()) {
      int last = e.history()[e.history().length - 1];
      counts.computeIfAbsent(last, k -> new HashMap<>()).merge(e.target(), 1, Integer::sum);
    }
    int hits = 0;
    for (UserSequence e : d.splits().test()) {
      Map<Integer, Integer> next =
          counts.getOrDefault(e.history()[e.history().length - 1], Map.of());
      List<Integer> top10 =
          next.entrySet().stream()
              .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
              .limit(10)
              .map(Map.Entry::getKey)
              .toList();
      hits += top10.contains(e.target()) ? 1 : 0;
    }
    double hitRate = hits / (double) d.splits().test().size();
    assertThat(hitRate).isGreaterThan(0.7); // measured ~0.84; random top-10 of 300: 0.033
  }

  /** Features carry the pattern too: the next item is near the last one in text-feature space. */
  @Test
  void nextItemIsANearNeighbourInTextFeatureSpace() {
    Domain d = SyntheticDomains.generate(CONFIG).get(0);
    FeatureTable text = d.feature(FeatureTable.TEXT).orElseThrow();
    int hits = 0;
    for (UserSequence e : d.splits().test()) {
      float[] last = text.row(e.history()[e.history().length - 1]);
      Integer[] items = new Integer[d.numItems()];
      double[] dist = new double[d.numItems()];
      for (int i = 0; i < items.length; i++) {
        items[i] = i;
        float[] row = text.row(i);
        for (int k = 0; k < row.length; k++) {
          dist[i] += (row[k] - last[k]) * (row[k] - last[k]);
        }
      }
      Arrays.sort(items, (a, b) -> Double.compare(dist[a], dist[b]));
      hits += Arrays.asList(items).subList(0, 10).contains(e.target()) ? 1 : 0;
    }
    assertThat(hits / (double) d.splits().test().size()).isGreaterThan(0.3);
  }
}
