package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.torch.TorchOwned;
import java.util.List;
import java.util.function.Function;

/**
 * One padded batch of sequences as native arrays (B = batch, L = longest history in the batch, M =
 * the interest width, by default the longest interest sequence in the batch). Histories are
 * left-aligned; padding points at item 0 and is masked.
 *
 * @param itemIds {@code (B, L)} int64
 * @param keyMask {@code (B, 1, 1, L)} additive
 * @param lastIndex {@code (B)} int64 flat index of each last item in {@code (B * L)}
 * @param interestIds {@code (B, M)} int64
 * @param interestMask {@code (B, 1, 1, M)} additive
 * @param interestValid {@code (B, M)} float 1/0
 * @param targets {@code (B)} int64 next items
 */
public record SequenceBatch(
    NDArray itemIds,
    NDArray keyMask,
    NDArray lastIndex,
    NDArray interestIds,
    NDArray interestMask,
    NDArray interestValid,
    NDArray targets) {

  /**
   * @param histories item histories, oldest first, each 1..maxLen long
   * @param targets next item per history
   * @param interests maps a history to its de-duplicated interest sequence (1..M ids)
   * @param itemOffset added to every item id (selects a block of rows of an extended token table)
   */
  public static SequenceBatch of(
      NDManager manager,
      List<int[]> histories,
      int[] targets,
      Function<int[], int[]> interests,
      int[] itemOffset) {
    int[][] interestSeqs = new int[histories.size()][];
    int width = 1;
    for (int b = 0; b < interestSeqs.length; b++) {
      interestSeqs[b] = interests.apply(histories.get(b));
      width = Math.max(width, interestSeqs[b].length);
    }
    return of(manager, histories, targets, interestSeqs, itemOffset, width, 0);
  }

  /**
   * @param interestSeqs each history's de-duplicated interest sequence
   * @param interestWidth M, at least the longest interest sequence
   * @param padInterest the interest-table row padded positions read
   */
  public static SequenceBatch of(
      NDManager manager,
      List<int[]> histories,
      int[] targets,
      int[][] interestSeqs,
      int[] itemOffset,
      int interestWidth,
      int padInterest) {
    int batch = histories.size();
    int length = 1;
    int interestLength = interestWidth;
    for (int b = 0; b < batch; b++) {
      length = Math.max(length, histories.get(b).length);
      if (interestSeqs[b].length > interestWidth) {
        throw new IllegalArgumentException(
            "interest sequence of " + interestSeqs[b].length + " > width " + interestWidth);
      }
    }
    long[] ids = new long[batch * length];
    float[] mask = new float[batch * length];
    long[] last = new long[batch];
    long[] iIds = new long[batch * interestLength];
    float[] iMask = new float[batch * interestLength];
    float[] iValid = new float[batch * interestLength];
    long[] tgt = new long[batch];
    for (int b = 0; b < batch; b++) {
      int[] h = histories.get(b);
      int offset = itemOffset == null ? 0 : itemOffset[b];
      for (int j = 0; j < length; j++) {
        boolean real = j < h.length;
        ids[b * length + j] = real ? h[j] + offset : 0;
        mask[b * length + j] = real ? 0f : MissRecBlock.MASKED;
      }
      last[b] = (long) b * length + h.length - 1;
      int[] s = interestSeqs[b];
      for (int j = 0; j < interestLength; j++) {
        boolean real = j < s.length;
        iIds[b * interestLength + j] = real ? s[j] : padInterest;
        iMask[b * interestLength + j] = real ? 0f : MissRecBlock.MASKED;
        iValid[b * interestLength + j] = real ? 1f : 0f;
      }
      tgt[b] = targets[b];
    }
    // libtorch-owned copies: the gathers and masks of a step save these for the backward pass
    return new SequenceBatch(
        TorchOwned.copyOf(manager.create(ids, new Shape(batch, length))),
        TorchOwned.copyOf(manager.create(mask, new Shape(batch, 1, 1, length))),
        TorchOwned.copyOf(manager.create(last)),
        TorchOwned.copyOf(manager.create(iIds, new Shape(batch, interestLength))),
        TorchOwned.copyOf(manager.create(iMask, new Shape(batch, 1, 1, interestLength))),
        TorchOwned.copyOf(manager.create(iValid, new Shape(batch, interestLength))),
        TorchOwned.copyOf(manager.create(tgt)));
  }

  /** The block's inputs 3..7 (after the token and interest tables). */
  public NDList blockInputs(NDArray tokenTable, NDArray interestTable) {
    return new NDList(
        tokenTable, interestTable, itemIds, keyMask, lastIndex, interestIds, interestMask);
  }

  public int size() {
    return (int) targets.getShape().get(0);
  }
}
