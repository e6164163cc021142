package io.missrec.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.model.data.Domain;
import io.missrec.model.data.UserSequence;
import io.missrec.model.train.Evaluator;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MissRecModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Top-K lists against the evaluator's ranks, exclusion of seen items, bounds. */
class TopKRecommenderTest {

  private static OneEpochModel trained;
  private static Domain domain;
  private static MissRecModel model;
  private static ItemInputs items;

  @BeforeAll
  static void trainOneEpoch() {
    trained = OneEpochModel.train();
    domain = trained.domain();
    model = trained.model();
    items = trained.items();
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void listsEachHeldOutItemAtTheRankTheEvaluatorGivesIt() {
    List<UserSequence> test = domain.splits().test();
    long[] ranks = new Evaluator(64).ranks(model, items, test);
    List<UserHistory> histories =
        test.stream().map(e -> new UserHistory(e.user(), e.history())).toList();
    int k = 20;
    List<Recommendation> lists =
        new TopKRecommender(64).recommend(model, items, histories, k, false);

    int listed = 0;
    for (int u = 0; u < test.size(); u++) {
      int position = indexOf(lists.get(u).items(), test.get(u).target());
      if (ranks[u] < k) {
        assertThat(position).as("user %d", u).isEqualTo((int) ranks[u]);
        listed++;
      } else {
        assertThat(position).as("user %d", u).isEqualTo(-1);
      }
    }
    // a trained model lists many held-out items in its top 20 (random: 20 / numItems of users)
    assertThat(listed).isGreaterThan(test.size() * 20 / domain.numItems() * 2);
  }

  @Test
  void leavesOutEverythingTheUserHasSeenAndKeepsTheRestInOrder() {
    List<UserHistory> latest = UserHistory.latest(domain);
    int k = 10;
    TopKRecommender recommender = new TopKRecommender(128);
    List<Recommendation> unseen = recommender.recommend(model, items, latest, k, true);
    List<Recommendation> all =
        recommender.recommend(model, items, latest, domain.numItems(), false);
    for (int u = 0; u < latest.size(); u++) {
      int[] seen = latest.get(u).items();
      Recommendation r = unseen.get(u);
      assertThat(r.items()).hasSize(k).doesNotHaveDuplicates();
      for (int item : r.items()) {
        assertThat(seen).doesNotContain(item);
      }
      for (int j = 1; j < k; j++) {
        assertThat(r.scores()[j]).isLessThanOrEqualTo(r.scores()[j - 1]);
      }
      // the same list as the full ranking with the seen items struck out
      int[] expected =
          Arrays.stream(all.get(u).items())
              .filter(item -> Arrays.stream(seen).noneMatch(s -> s == item))
              .limit(k)
              .toArray();
      assertThat(r.items()).containsExactly(expected);
    }
  }

  @Test
  void returnsWhatIsLeftWhenKExceedsTheUnseenItems() {
    UserHistory h = UserHistory.latest(domain).get(0);
    int distinct = (int) Arrays.stream(h.items()).distinct().count();
    Recommendation r =
        new TopKRecommender(8).recommend(model, items, List.of(h), domain.numItems(), true).get(0);
    assertThat(r.items()).hasSize(domain.numItems() - distinct).doesNotHaveDuplicates();
  }

  @Test
  void servesFromTheLatestInteraction() {
    List<UserHistory> latest = UserHistory.latest(domain);
    assertThat(latest).hasSize(domain.splits().test().size());
    UserSequence example = domain.splits().test().get(3);
    int[] items = latest.get(3).items();
    assertThat(items[items.length - 1]).isEqualTo(example.target());
    assertThat(Arrays.copyOf(items, items.length - 1)).containsExactly(example.history());
  }

  @Test
  void refusesABadListLengthOrAnUnknownItem() {
    TopKRecommender recommender = new TopKRecommender(8);
    List<UserHistory> one = List.of(UserHistory.latest(domain).get(0));
    assertThatThrownBy(() -> recommender.recommend(model, items, one, 0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be at least 1");
    List<UserHistory> unknown = List.of(new UserHistory(4, new int[] {1, domain.numItems()}));
    assertThatThrownBy(() -> recommender.recommend(model, items, unknown, 5, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user 4")
        .hasMessageContaining("item " + domain.numItems());
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
