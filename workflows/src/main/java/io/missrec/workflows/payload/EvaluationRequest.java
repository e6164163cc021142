package io.missrec.workflows.payload;

import java.util.Objects;

/** Input of a full-ranking evaluation of a checkpoint on one split of a domain. */
public record EvaluationRequest(Checkpoint checkpoint, TrainingDomain domain, String split) {
  public static final String TEST = "test";
  public static final String VALID = "valid";

  public EvaluationRequest {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(split, "split");
  }
}
