package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/** Input of pre-training over several source domains. */
public record PretrainInput(
    List<TrainingDomain> domains, InterestAssignments interests, TrainingConfig config) {
  public PretrainInput {
    domains = List.copyOf(domains);
    Objects.requireNonNull(interests, "interests");
    Objects.requireNonNull(config, "config");
  }
}
