package io.missrec.model.serve;

import ai.djl.ndarray.NDList;
import io.missrec.model.train.FullRankingScorer;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MissRecModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Top-K recommendation by full ranking: each history is scored against every item of the domain
 * (the evaluation's scores, so what ranks a held-out item first is what gets recommended first),
 * optionally without the items the user has already interacted with.
 *
 * <p>Ordered by score, ties by item index. The K + (most excluded items in the batch) best are
 * taken on the engine ({@code topK}), so only those leave native memory.
 */
public final class TopKRecommender {

  private final FullRankingScorer scorer;

  public TopKRecommender(int batchSize) {
    this.scorer = new FullRankingScorer(batchSize);
  }

  /**
   * @param histories what each list is conditioned on; the model reads the last {@code maxLen}
   * @param k list length, at least 1
   * @param excludeSeen leave out every item of the user's history
   * @return one list per history, in the given order
   */
  public List<Recommendation> recommend(
      MissRecModel model,
      ItemInputs items,
      List<UserHistory> histories,
      int k,
      boolean excludeSeen) {
    return recommend(model, items, histories, k, excludeSeen, done -> {});
  }

  /**
   * As {@link #recommend(MissRecModel, ItemInputs, List, int, boolean)}, telling {@code progress}
   * how many lists are done after each batch (an activity heartbeats from it).
   */
  public List<Recommendation> recommend(
      MissRecModel model,
      ItemInputs items,
      List<UserHistory> histories,
      int k,
      boolean excludeSeen,
      IntConsumer progress) {
    return recommend(model, items, null, histories, k, excludeSeen, progress);
  }

  /**
   * As {@link #recommend(MissRecModel, ItemInputs, List, int, boolean)} with an item side kept
   * between calls ({@link FullRankingScorer#itemSide}), for many small calls.
   */
  public List<Recommendation> recommend(
      MissRecModel model,
      ItemInputs items,
      FullRankingScorer.ItemSide side,
      List<UserHistory> histories,
      int k,
      boolean excludeSeen) {
    return recommend(model, items, side, histories, k, excludeSeen, done -> {});
  }

  private List<Recommendation> recommend(
      MissRecModel model,
      ItemInputs items,
      FullRankingScorer.ItemSide side,
      List<UserHistory> histories,
      int k,
      boolean excludeSeen,
      IntConsumer progress) {
    requireK(k);
    int numItems = items.numItems();
    List<int[]> sequences = new ArrayList<>(histories.size());
    int[][] seen = new int[histories.size()][];
    for (int i = 0; i < histories.size(); i++) {
      requireInCatalogue(histories.get(i), numItems);
      int[] h = histories.get(i).items();
      sequences.add(h);
      seen[i] = excludeSeen ? Arrays.stream(h).distinct().sorted().toArray() : new int[0];
    }
    Recommendation[] out = new Recommendation[histories.size()];
    int[] done = {0};
    FullRankingScorer.BatchConsumer pickBest =
        (positions, scores) -> {
          int mostSeen = 0;
          for (int p : positions) {
            mostSeen = Math.max(mostSeen, seen[p].length);
          }
          int take = Math.min(numItems, k + mostSeen);
          NDList best = scores.topK(take, 1, true, true);
          float[] values = best.get(0).toFloatArray();
          long[] indexes = best.get(1).toLongArray();
          for (int row = 0; row < positions.length; row++) {
            out[positions[row]] = pick(values, indexes, row * take, take, seen[positions[row]], k);
          }
          done[0] += positions.length;
          progress.accept(done[0]);
        };
    if (side == null) {
      scorer.score(model, items, sequences, pickBest);
    } else {
      scorer.score(model, items, side, sequences, pickBest);
    }
    return List.of(out);
  }

  static void requireK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1: " + k);
    }
  }

  /** Every item of {@code history} is an index of the catalogue. */
  static void requireInCatalogue(UserHistory history, int numItems) {
    for (int item : history.items()) {
      if (item < 0 || item >= numItems) {
        throw new IllegalArgumentException(
            (history.user() >= 0 ? "user " + history.user() + ": " : "")
                + "item "
                + item
                + " is not in 0.."
                + (numItems - 1));
      }
    }
  }

  /** The first {@code k} candidates of one row that are not excluded, by score then index. */
  private static Recommendation pick(
      float[] values, long[] indexes, int offset, int take, int[] excluded, int k) {
    Integer[] order = new Integer[take];
    for (int j = 0; j < take; j++) {
      order[j] = offset + j;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int byScore = Float.compare(values[b], values[a]);
          return byScore != 0 ? byScore : Long.compare(indexes[a], indexes[b]);
        });
    int[] items = new int[Math.min(k, take)];
    float[] scores = new float[items.length];
    int n = 0;
    for (int j = 0; j < take && n < items.length; j++) {
      int item = (int) indexes[order[j]];
      if (Arrays.binarySearch(excluded, item) < 0) {
        items[n] = item;
        scores[n] = values[order[j]];
        n++;
      }
    }
    return new Recommendation(Arrays.copyOf(items, n), Arrays.copyOf(scores, n));
  }
}
