package io.missrec.model.train;

import io.missrec.model.data.UserSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Batch planning and sequence augmentation, in plain Java (no native memory). */
public final class Batches {

  /** Sequences are bucketed by length inside windows of this many batches. */
  private static final int BUCKET_WINDOW = 16;

  private Batches() {}

  /** The last {@code maxLen} items of a history. */
  public static int[] truncate(int[] history, int maxLen) {
    return history.length <= maxLen
        ? history
        : Arrays.copyOfRange(history, history.length - maxLen, history.length);
  }

  /**
   * Splits the examples into shuffled batches. With {@code lengthBuckets}, examples are shuffled,
   * then sorted by length within windows of {@value #BUCKET_WINDOW} batches, cut into batches, and
   * the batches shuffled: each batch has similar lengths (little padding) while every epoch still
   * sees a different random grouping. The loss per example does not depend on its batch-mates in
   * fine-tuning (softmax over all items), so this only removes wasted padding work.
   */
  public static List<List<UserSequence>> plan(
      List<UserSequence> examples, int batchSize, boolean lengthBuckets, Random random) {
    List<UserSequence> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, random);
    if (lengthBuckets) {
      int window = batchSize * BUCKET_WINDOW;
      for (int start = 0; start < shuffled.size(); start += window) {
        shuffled
            .subList(start, Math.min(shuffled.size(), start + window))
            .sort(Comparator.comparingInt(e -> e.history().length));
      }
    }
    List<List<UserSequence>> batches = new ArrayList<>();
    for (int start = 0; start < shuffled.size(); start += batchSize) {
      batches.add(shuffled.subList(start, Math.min(shuffled.size(), start + batchSize)));
    }
    if (lengthBuckets) {
      Collections.shuffle(batches, random);
    }
    return batches;
  }

  /**
   * Cuts a batch into micro-batches of similar length for computation only: the examples sorted by
   * length (stable, so ties keep their batch order) are split into contiguous runs that minimise
   * the padded work {@code sum(run size * longest history in the run)} plus {@code overhead} per
   * run (the fixed cost of one more forward pass, in padded positions). The batch itself, and so
   * the loss and its gradient, stays what the random plan drew: padded positions are masked, so a
   * micro-batch computes for its sequences exactly what the whole padded batch would.
   *
   * @param lengths length of each example of the batch (after truncation), all >= 1
   * @param overhead cost of one extra micro-batch, in padded positions (>= 0)
   * @return runs of indexes into {@code lengths}, shortest sequences first; together they hold
   *     every index once
   */
  public static List<int[]> lengthGroups(int[] lengths, int overhead) {
    int n = lengths.length;
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.comparingInt(i -> lengths[i]));
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
    }
    // best[j]: least cost of the first j sorted examples; cut[j]: start of the last run
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int j = 1; j <= n; j++) {
      long longest = lengths[order[j - 1]];
      best[j] = Long.MAX_VALUE;
      for (int i = 0; i < j; i++) {
        long cost = best[i] + overhead + (j - i) * longest;
        if (cost < best[j]) {
          best[j] = cost;
          cut[j] = i;
        }
      }
    }
    List<int[]> runs = new ArrayList<>();
    for (int j = n; j > 0; j = cut[j]) {
      runs.add(Arrays.copyOfRange(order, cut[j], j));
    }
    Collections.reverse(runs);
    return runs;
  }

  /**
   * Item-drop view (released code): keep each item with probability {@code keep}, always keep the
   * first, compact the sequence.
   */
  public static int[] itemDrop(int[] history, double keep, Random random) {
    int[] out = new int[history.length];
    int n = 0;
    for (int i = 0; i < history.length; i++) {
      if (i == 0 || random.nextDouble() < keep) {
        out[n++] = history[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
