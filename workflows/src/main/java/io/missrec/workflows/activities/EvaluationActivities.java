package io.missrec.workflows.activities;

import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.EvaluationRequest;
import io.temporal.activity.ActivityInterface;

/**
 * Full-ranking evaluation. Runs on the CPU queue.
 *
 * <p>Implementations must be deterministic (no dropout, ties ranked pessimistically) and idempotent
 * (the report is keyed by checkpoint sha256, dataset sha256 and split), and heartbeat at least
 * every 30 s.
 */
@ActivityInterface(namePrefix = "Evaluation")
public interface EvaluationActivities {

  /**
   * Ranks all items of the domain for every user of the split: Recall@10/50 and NDCG@10/50 with
   * leave-one-out targets.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link ActivityErrors#INCOMPATIBLE_CHECKPOINT}
   *     when the checkpoint does not fit the domain's features
   */
  EvaluationReport evaluate(EvaluationRequest request);
}
