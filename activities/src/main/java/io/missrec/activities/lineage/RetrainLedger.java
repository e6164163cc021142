package io.missrec.activities.lineage;

import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;
import java.util.List;

/**
 * Scheduled retraining's view of lineage: the datasets of a model's last successful training and
 * the {@code retrain_decision} ledger. Every write is idempotent, each call one transaction.
 */
public interface RetrainLedger {

  /**
   * The dataset digests recorded by the last succeeded registration of {@code modelName} (its
   * {@code tag.dataset.<name>} params), whoever started it: a schedule or a hand-started pipeline.
   */
  LastTraining lastTraining(String modelName);

  /** Records a decision; a second call for the same workflow id is a no-op. */
  void recordDecision(RetrainRecord record);

  /**
   * Marks a recorded retrain succeeded or failed; repeating the same outcome is a no-op.
   *
   * @throws LineageConflictException if no retrain of that workflow id is recorded, or it already
   *     ended otherwise
   */
  void recordOutcome(RetrainOutcome outcome);

  /** The most recent decisions of {@code modelName}, newest first. */
  List<RetrainEntry> recent(String modelName, int limit);

  /** Retrains still marked running, of every model, oldest first. */
  List<RetrainEntry> running();
}
