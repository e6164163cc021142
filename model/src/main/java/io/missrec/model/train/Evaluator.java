package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import io.missrec.model.data.UserSequence;
import io.missrec.model.eval.RankingMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-ranking evaluation: every user is scored against every item of the domain and the target's
 * rank (number of items scored strictly higher) feeds Recall@K / NDCG@K. Nothing is masked, as in
 * the released code's sequential full-sort evaluation.
 */
public final class Evaluator {

  private final int batchSize;

  public Evaluator(int batchSize) {
    this.batchSize = batchSize;
  }

  public RankingMetrics evaluate(MissRecModel model, ItemInputs items, List<UserSequence> users) {
    return evaluate(model, items, users, RankingMetrics.standard());
  }

  /** Adds every user's rank to {@code metrics} (any cutoffs) and returns it. */
  public RankingMetrics evaluate(
      MissRecModel model, ItemInputs items, List<UserSequence> users, RankingMetrics metrics) {
    metrics.addAll(ranks(model, items, users));
    return metrics;
  }

  /** 0-based rank of each user's target among all items. */
  public long[] ranks(MissRecModel model, ItemInputs items, List<UserSequence> users) {
    List<int[]> histories = new ArrayList<>(users.size());
    for (UserSequence user : users) {
      histories.add(user.history());
    }
    long[] out = new long[users.size()];
    new FullRankingScorer(batchSize)
        .score(
            model,
            items,
            histories,
            (positions, scores) -> {
              long[] targets = new long[positions.length];
              for (int i = 0; i < positions.length; i++) {
                targets[i] = users.get(positions[i]).target();
              }
              NDArray targetScores =
                  scores.gather(scores.getManager().create(targets).expandDims(1), 1);
              long[] ranks = scores.gt(targetScores).sum(new int[] {1}).toLongArray();
              for (int i = 0; i < ranks.length; i++) {
                out[positions[i]] = ranks[i];
              }
            });
    return out;
  }
}
