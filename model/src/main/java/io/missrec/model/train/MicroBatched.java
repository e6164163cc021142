package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.missrec.model.data.UserSequence;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.torch.TorchOwned;
import java.util.ArrayList;
import java.util.List;

/**
 * A training batch as it is computed: the random batch the plan drew, cut into micro-batches of
 * similar length ({@link Batches#lengthGroups}) so short sequences are not padded to the batch's
 * longest one. Each micro-batch goes through the block on its own; their user vectors are joined,
 * so every loss sees the whole batch (in-batch negatives included) and equals the loss of the
 * padded batch. Rows follow {@link #ordered()}, a permutation of the batch the losses do not depend
 * on.
 *
 * @param ordered the batch's examples, micro-batch after micro-batch
 * @param parts one padded {@link SequenceBatch} per micro-batch, in order
 * @param groups indexes into the original batch of each micro-batch's examples
 */
public record MicroBatched(
    List<UserSequence> ordered, List<SequenceBatch> parts, List<int[]> groups) {

  /**
   * Fixed cost of one more micro-batch, in padded positions: about what a forward and backward pass
   * spends in per-operation overhead on a CPU, measured against the cost of one position.
   */
  static final int MICRO_BATCH_OVERHEAD = 128;

  /**
   * Groups {@code examples} by the length of their truncated histories.
   *
   * @param histories histories to use instead of the examples' own (null: the examples')
   * @param offsets per-example offsets into an extended token table (null: none)
   */
  public static MicroBatched of(
      MissRecModel model, List<UserSequence> examples, List<int[]> histories, int[] offsets) {
    return build(model, examples, histories, offsets, groups(model, examples, histories));
  }

  /**
   * The micro-batches {@link #of} cuts a batch into, as indexes into {@code examples}.
   *
   * @param histories histories to use instead of the examples' own (null: the examples')
   */
  public static List<int[]> groups(
      MissRecModel model, List<UserSequence> examples, List<int[]> histories) {
    int maxLen = model.config().maxLen();
    int[] lengths = new int[examples.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] =
          histories != null
              ? histories.get(i).length
              : Math.min(examples.get(i).history().length, maxLen);
    }
    return Batches.lengthGroups(lengths, MICRO_BATCH_OVERHEAD);
  }

  /**
   * Augmented views of this batch (pre-training), grouped as the originals are so that row i of
   * both belongs to the same example.
   *
   * @param examples the original batch, in the order this was built from
   * @param views one history per example of the original batch, in its original order
   * @param offsets per-example offsets into the view token table, original order
   */
  public MicroBatched withViews(
      MissRecModel model, List<UserSequence> examples, List<int[]> views, int[] offsets) {
    return build(model, examples, views, offsets, groups);
  }

  private static MicroBatched build(
      MissRecModel model,
      List<UserSequence> examples,
      List<int[]> histories,
      int[] offsets,
      List<int[]> groups) {
    int maxLen = model.config().maxLen();
    int maxInterests = model.config().maxInterests();
    var index = model.interests().index();
    List<UserSequence> ordered = new ArrayList<>(examples.size());
    List<SequenceBatch> parts = new ArrayList<>(groups.size());
    for (int[] group : groups) {
      List<int[]> h = new ArrayList<>(group.length);
      int[] targets = new int[group.length];
      int[] partOffsets = offsets == null ? null : new int[group.length];
      for (int g = 0; g < group.length; g++) {
        UserSequence example = examples.get(group[g]);
        ordered.add(example);
        h.add(
            histories != null
                ? histories.get(group[g])
                : Batches.truncate(example.history(), maxLen));
        targets[g] = example.target();
        if (offsets != null) {
          partOffsets[g] = offsets[group[g]];
        }
      }
      parts.add(
          SequenceBatch.of(
              model.manager(),
              h,
              targets,
              s -> index.interestSequence(s, maxInterests),
              partOffsets));
    }
    return new MicroBatched(List.copyOf(ordered), List.copyOf(parts), List.copyOf(groups));
  }

  /** Next items {@code (B)} int64, in {@link #ordered()} order. */
  public NDArray targets() {
    if (parts.size() == 1) {
      return parts.get(0).targets();
    }
    NDList all = new NDList(parts.size());
    for (SequenceBatch part : parts) {
      all.add(part.targets());
    }
    return NDArrays.concat(all, 0);
  }

  /**
   * Runs the block over every micro-batch.
   *
   * @return user vectors {@code (B, d)} in {@link #ordered()} order, and the interest diversity
   *     regulariser averaged over the whole batch (a scalar)
   */
  public NDList forward(
      MissRecBlock block,
      ParameterStore ps,
      NDArray tokenTable,
      NDArray interestTable,
      float gamma,
      boolean training) {
    int batch = ordered.size();
    NDList users = new NDList(parts.size());
    NDArray diversity = null;
    for (SequenceBatch part : parts) {
      NDList out = block.forward(ps, part.blockInputs(tokenTable, interestTable), training);
      users.add(out.get(0));
      // a micro-batch's mean, weighted by its share of the batch: the mean over the batch
      NDArray term = Losses.interestDiversity(out.get(1), part.interestValid(), gamma);
      term = term.mul(TorchOwned.scalar(term, part.size() / (double) batch));
      diversity = diversity == null ? term : diversity.add(term);
    }
    NDArray joined = users.size() == 1 ? users.get(0) : NDArrays.concat(users, 0);
    return new NDList(joined, diversity);
  }
}
