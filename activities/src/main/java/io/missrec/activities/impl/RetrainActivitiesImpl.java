package io.missrec.activities.impl;

import io.missrec.activities.lineage.RetrainLedger;
import io.missrec.workflows.activities.RetrainActivities;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;

/** Scheduled retraining's reads and writes of lineage, through {@link RetrainLedger}. */
public final class RetrainActivitiesImpl implements RetrainActivities {
  private final RetrainLedger ledger;

  public RetrainActivitiesImpl(ActivityContext ctx) {
    this.ledger = ctx.lineage().retrainLedger();
  }

  @Override
  public LastTraining lastTraining(String modelName) {
    return ledger.lastTraining(modelName);
  }

  @Override
  public void recordDecision(RetrainRecord record) {
    ledger.recordDecision(record);
  }

  @Override
  public void recordOutcome(RetrainOutcome outcome) {
    ledger.recordOutcome(outcome);
  }
}
