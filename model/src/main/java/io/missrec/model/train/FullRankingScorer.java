package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import io.missrec.model.nn.MissRecBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores histories against every item of the domain, a batch at a time, for evaluation (ranks of
 * held-out items) and for serving (top-K lists). The item side (adapted features, token and
 * interest tables, normalised candidates) is computed once per call.
 */
public final class FullRankingScorer {

  /** Receives one batch's scores; they are closed when it returns. */
  @FunctionalInterface
  public interface BatchConsumer {
    /**
     * @param positions index into the caller's history list of each batch row
     * @param scores {@code (B, N)} fusion score of every item for each row
     */
    void accept(int[] positions, NDArray scores);
  }

  private final int batchSize;

  public FullRankingScorer(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * The item side of scoring (token table {@code (N, d)} per modality, interest table, normalised
   * candidates), computed once and kept until closed: a server that scores many small batches would
   * otherwise recompute the adapters over the whole catalogue for each.
   */
  public static final class ItemSide implements AutoCloseable {
    private final NDManager manager;
    private final NDArray table;
    private final NDArray interestTable;
    private final NDList candidates;

    private ItemSide(NDManager manager, NDArray table, NDArray interestTable, NDList candidates) {
      this.manager = manager;
      this.table = table;
      this.interestTable = interestTable;
      this.candidates = candidates;
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  /** Computes the item side of {@code model} for {@code items}; the caller closes it. */
  public static ItemSide itemSide(MissRecModel model, ItemInputs items) {
    MissRecBlock block = model.block();
    ParameterStore ps = model.parameterStore();
    NDManager keep = model.manager().newSubManager();
    // NDScope closes every intermediate array (op results attach to their first operand's manager,
    // which may be the parameters' own); the kept ones leave it for their own manager.
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList adapted = block.adapt(ps, items.features(), items.present(), false);
      NDArray table = block.tokenTable(ps, adapted, null, false);
      NDArray interestTable = model.interestMeans(items.tokens(adapted));
      NDList candidates = MissRecBlock.candidates(adapted);
      NDScope.unregister(table, interestTable);
      NDScope.unregister(candidates);
      table.attach(keep);
      interestTable.attach(keep);
      candidates.attach(keep);
      return new ItemSide(keep, table, interestTable, candidates);
    } catch (RuntimeException | Error e) {
      keep.close();
      throw e;
    }
  }

  /**
   * @param histories item indexes, oldest first; each is cut to the model's last {@code maxLen}
   */
  public void score(
      MissRecModel model, ItemInputs items, List<int[]> histories, BatchConsumer consumer) {
    try (ItemSide side = itemSide(model, items)) {
      score(model, items, side, histories, consumer);
    }
  }

  /** As {@link #score(MissRecModel, ItemInputs, List, BatchConsumer)} with a kept item side. */
  public void score(
      MissRecModel model,
      ItemInputs items,
      ItemSide side,
      List<int[]> histories,
      BatchConsumer consumer) {
    MissRecBlock block = model.block();
    ParameterStore ps = model.parameterStore();
    int maxLen = model.config().maxLen();
    int maxInterests = model.config().maxInterests();
    var interests = model.interests();
    NDArray table = side.table;
    NDArray interestTable = side.interestTable;
    NDList candidates = side.candidates;
    try (NDScope outer = new NDScope()) {
      outer.suppressNotUsedWarning();
      // Sorted by history length: each batch pads to similar lengths (scores are per row, so the
      // grouping cannot change them).
      Integer[] order = new Integer[histories.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingInt(i -> histories.get(i).length));
      for (int start = 0; start < order.length; start += batchSize) {
        int end = Math.min(order.length, start + batchSize);
        int[] positions = new int[end - start];
        List<int[]> chunk = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
          positions[i] = order[start + i];
          chunk.add(Batches.truncate(histories.get(positions[i]), maxLen));
        }
        try (NDScope inner = new NDScope()) {
          inner.suppressNotUsedWarning();
          SequenceBatch batch =
              SequenceBatch.of(
                  model.manager(),
                  chunk,
                  new int[chunk.size()],
                  h -> interests.index().interestSequence(h, maxInterests),
                  null);
          NDArray u = block.forward(ps, batch.blockInputs(table, interestTable), false).head();
          consumer.accept(
              positions, block.score(ps, u, candidates, items.presentLog(), null, false));
        }
      }
    }
  }
}
