package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.missrec.model.data.UserSequence;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.torch.TorchOwned;
import io.missrec.model.train.TrainConfig.DiversityForm;
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
 * <p>With the released code's {@link DiversityForm#POOLED} regulariser, which depends on the
 * padding of the whole batch, every micro-batch carries one more padded interest column that reads
 * a zero row (the released padding), and {@link #poolWeights} count it once per padded position the
 * whole batch would have.
 *
 * @param ordered the batch's examples, micro-batch after micro-batch
 * @param parts one padded {@link SequenceBatch} per micro-batch, in order
 * @param groups indexes into the original batch of each micro-batch's examples
 * @param diversity the regulariser {@link #forward} computes
 * @param poolWeights per micro-batch {@code (b, M)} weights of the encoder outputs in the pooled
 *     form; empty for {@link DiversityForm#COSINE}
 */
public record MicroBatched(
    List<UserSequence> ordered,
    List<SequenceBatch> parts,
    List<int[]> groups,
    DiversityForm diversity,
    List<NDArray> poolWeights) {

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
    return of(model, examples, histories, offsets, DiversityForm.COSINE);
  }

  /**
   * As {@link #of(MissRecModel, List, List, int[])}, for the given regulariser.
   *
   * @param diversity the regulariser {@link #forward} will compute
   */
  public static MicroBatched of(
      MissRecModel model,
      List<UserSequence> examples,
      List<int[]> histories,
      int[] offsets,
      DiversityForm diversity) {
    return build(
        model, examples, histories, offsets, groups(model, examples, histories), diversity);
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
    return build(model, examples, views, offsets, groups, diversity);
  }

  private static MicroBatched build(
      MissRecModel model,
      List<UserSequence> examples,
      List<int[]> histories,
      int[] offsets,
      List<int[]> groups,
      DiversityForm diversity) {
    int maxLen = model.config().maxLen();
    int maxInterests = model.config().maxInterests();
    var index = model.interests().index();
    boolean pooled = diversity == DiversityForm.POOLED;
    int n = examples.size();
    int[][] h = new int[n][];
    int[][] interestSeqs = new int[n][];
    // the released batch pads every interest sequence to its longest; a history shorter than
    // maxLen also holds the padding item, whose interest (masked) counts towards that length
    int batchWidth = 1;
    for (int i = 0; i < n; i++) {
      h[i] =
          histories != null
              ? histories.get(i)
              : Batches.truncate(examples.get(i).history(), maxLen);
      interestSeqs[i] = index.interestSequence(h[i], maxInterests);
      batchWidth = Math.max(batchWidth, interestSeqs[i].length + (h[i].length < maxLen ? 1 : 0));
    }
    List<UserSequence> ordered = new ArrayList<>(n);
    List<SequenceBatch> parts = new ArrayList<>(groups.size());
    List<NDArray> weights = new ArrayList<>(pooled ? groups.size() : 0);
    for (int[] group : groups) {
      List<int[]> partHistories = new ArrayList<>(group.length);
      int[][] partInterests = new int[group.length][];
      int[] targets = new int[group.length];
      int[] partOffsets = offsets == null ? null : new int[group.length];
      int width = 1;
      for (int g = 0; g < group.length; g++) {
        UserSequence example = examples.get(group[g]);
        ordered.add(example);
        partHistories.add(h[group[g]]);
        partInterests[g] = interestSeqs[group[g]];
        width = Math.max(width, partInterests[g].length);
        targets[g] = example.target();
        if (offsets != null) {
          partOffsets[g] = offsets[group[g]];
        }
      }
      if (pooled) {
        width++; // one padded column (a zero input) stands for all of a row's padded positions
        weights.add(poolWeights(model, partInterests, width, batchWidth));
      }
      parts.add(
          SequenceBatch.of(
              model.manager(),
              partHistories,
              targets,
              partInterests,
              partOffsets,
              width,
              pooled ? index.numInterests() : 0));
    }
    return new MicroBatched(
        List.copyOf(ordered), List.copyOf(parts), List.copyOf(groups), diversity, weights);
  }

  /**
   * Row b: {@code c_b / batchWidth} on each of its {@code c_b} interests, times {@code batchWidth -
   * c_b} on its first padded column (every padded position of the released batch has the output of
   * a zero input), 0 elsewhere.
   */
  private static NDArray poolWeights(
      MissRecModel model, int[][] interests, int width, int batchWidth) {
    float[] w = new float[interests.length * width];
    for (int b = 0; b < interests.length; b++) {
      int count = interests[b].length;
      float share = count / (float) batchWidth;
      for (int m = 0; m < count; m++) {
        w[b * width + m] = share;
      }
      w[b * width + count] = share * (batchWidth - count);
    }
    return TorchOwned.copyOf(model.manager().create(w, new Shape(interests.length, width)));
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
   * @param interestTable {@code (K, d)} interest embeddings
   * @return user vectors {@code (B, d)} in {@link #ordered()} order, and the interest diversity
   *     regulariser of the whole batch (a scalar, weighted by {@code gamma})
   */
  public NDList forward(
      MissRecBlock block,
      ParameterStore ps,
      NDArray tokenTable,
      NDArray interestTable,
      float gamma,
      boolean training) {
    int batch = ordered.size();
    NDArray interests = interestTable;
    if (diversity == DiversityForm.POOLED) {
      // row K: the zero vector the released code pads interest sequences with
      interests =
          interestTable.concat(
              interestTable.getManager().zeros(new Shape(1, interestTable.getShape().get(1))), 0);
    }
    NDList users = new NDList(parts.size());
    NDArray regulariser = null;
    for (int p = 0; p < parts.size(); p++) {
      SequenceBatch part = parts.get(p);
      NDList out = block.forward(ps, part.blockInputs(tokenTable, interests), training);
      users.add(out.get(0));
      NDArray term;
      if (diversity == DiversityForm.POOLED) {
        term = Losses.pooledInterestNorm(out.get(1), poolWeights.get(p), gamma); // a sum
      } else {
        // a micro-batch's mean, weighted by its share of the batch: the mean over the batch
        term = Losses.interestDiversity(out.get(1), part.interestValid(), gamma);
        term = term.mul(TorchOwned.scalar(term, part.size() / (double) batch));
      }
      regulariser = regulariser == null ? term : regulariser.add(term);
    }
    NDArray joined = users.size() == 1 ? users.get(0) : NDArrays.concat(users, 0);
    return new NDList(joined, regulariser);
  }
}
