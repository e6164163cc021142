package io.missrec.workflows.payload;

import java.util.List;
import java.util.TreeSet;

/** The top-K cutoffs an evaluation reports Recall@K and NDCG@K at. */
public final class Cutoffs {
  /**
   * The protocol's cutoffs, always reported: model selection, registration and retraining decisions
   * read NDCG@10, and published figures are at 10 and 50.
   */
  public static final List<Integer> PROTOCOL = List.of(10, 50);

  private Cutoffs() {}

  /**
   * {@code requested} (null or empty: none) with the protocol's cutoffs added, ascending, without
   * repeats.
   *
   * @param field the request field named in the error
   * @throws IllegalArgumentException for a cutoff below 1
   */
  public static List<Integer> withProtocol(List<Integer> requested, String field) {
    TreeSet<Integer> all = new TreeSet<>(PROTOCOL);
    if (requested != null) {
      for (Integer k : requested) {
        if (k == null || k < 1) {
          throw new IllegalArgumentException(field + ": a cutoff must be >= 1, got " + k);
        }
        all.add(k);
      }
    }
    return List.copyOf(all);
  }
}
