package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/**
 * Input of a full-ranking evaluation of a checkpoint on one split of a domain.
 *
 * @param cutoffs the K of Recall@K and NDCG@K, always including {@link Cutoffs#PROTOCOL} (null, as
 *     in requests recorded before this field existed: the protocol's alone)
 */
public record EvaluationRequest(
    Checkpoint checkpoint, TrainingDomain domain, String split, List<Integer> cutoffs) {
  public static final String TEST = "test";
  public static final String VALID = "valid";

  public EvaluationRequest {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(split, "split");
    cutoffs = Cutoffs.withProtocol(cutoffs, "cutoffs");
  }

  /** At the protocol's cutoffs. */
  public EvaluationRequest(Checkpoint checkpoint, TrainingDomain domain, String split) {
    this(checkpoint, domain, split, null);
  }
}
