package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import io.missrec.model.data.UserSequence;
import io.missrec.model.eval.RankingMetrics;
import io.missrec.model.nn.MissRecBlock;
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
    MissRecBlock block = model.block();
    ParameterStore ps = model.parameterStore();
    int maxLen = model.config().maxLen();
    int maxInterests = model.config().maxInterests();
    var interests = model.interests();
    long[] out = new long[users.size()];
    // NDScope closes every intermediate array (op results attach to their first operand's manager,
    // which may be the parameters' own).
    try (NDScope outer = new NDScope()) {
      outer.suppressNotUsedWarning();
      NDList adapted = block.adapt(ps, items.features(), items.present(), false);
      NDArray table = block.tokenTable(ps, adapted, null, false);
      NDArray interestTable = model.interestMeans(items.tokens(adapted));
      NDList candidates = MissRecBlock.candidates(adapted);
      NDManager manager = model.manager();
      // Users sorted by history length: each batch pads to similar lengths (ranks are per user,
      // so the grouping cannot change them).
      Integer[] order = new Integer[users.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(
          order, java.util.Comparator.comparingInt(i -> users.get(i).history().length));
      for (int start = 0; start < users.size(); start += batchSize) {
        int end = Math.min(users.size(), start + batchSize);
        List<UserSequence> chunk = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
          chunk.add(users.get(order[i]));
        }
        try (NDScope inner = new NDScope()) {
          inner.suppressNotUsedWarning();
          List<int[]> histories = new ArrayList<>(chunk.size());
          int[] targets = new int[chunk.size()];
          for (int i = 0; i < chunk.size(); i++) {
            histories.add(Batches.truncate(chunk.get(i).history(), maxLen));
            targets[i] = chunk.get(i).target();
          }
          SequenceBatch batch =
              SequenceBatch.of(
                  manager,
                  histories,
                  targets,
                  h -> interests.index().interestSequence(h, maxInterests),
                  null);
          NDArray u = block.forward(ps, batch.blockInputs(table, interestTable), false).head();
          NDArray scores = block.score(ps, u, candidates, items.presentLog(), null, false);
          NDArray targetScores = scores.gather(batch.targets().expandDims(1), 1);
          long[] ranks = scores.gt(targetScores).sum(new int[] {1}).toLongArray();
          for (int i = 0; i < ranks.length; i++) {
            out[order[start + i]] = ranks[i];
          }
        }
      }
    }
    return out;
  }
}
