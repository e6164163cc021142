package io.missrec.app.reconcile;

import io.missrec.activities.lineage.LineageConflictException;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.RetrainEntry;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.metrics.MetricsSink;
import io.missrec.activities.metrics.TrackedRun;
import io.missrec.app.reconcile.WorkflowLiveness.WorkflowState;
import io.missrec.workflows.payload.RetrainOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes what a dead worker left open. A training run marks itself failed when it catches an error,
 * and a scheduled retrain records its outcome when its pipeline ends; a worker killed outright, or
 * a workflow terminated or timed out, does neither, and lineage says "running" forever (so
 * retention, dashboards and auditors see work that nobody is doing). This asks the orchestrator
 * about the workflow of each running run and retrain: while it is open the row is left alone (a
 * retry may still finish it); once it is closed nothing can finish it, so the row is marked failed
 * with the workflow's closing status as the reason ({@link RunFailure.Source#RECONCILE}), and the
 * run's tracking run (MLflow) is closed as failed too.
 *
 * <p>Safe against a worker finishing at the same moment: each mark is conditional on the row still
 * being running, under its row lock, so a completion that commits first wins. A workflow started
 * again under the same id is asked about by its newest execution, so its reopened runs are left
 * alone.
 */
public final class RunReconciler {
  /** MLflow tag carrying the reason on a reconciled tracking run. */
  public static final String FAILURE_TAG = "missrec.failure";

  private final LineageStore lineage;
  private final MetricsSink metrics;
  private final WorkflowLiveness liveness;

  public RunReconciler(LineageStore lineage, MetricsSink metrics, WorkflowLiveness liveness) {
    this.lineage = lineage;
    this.metrics = metrics;
    this.liveness = liveness;
  }

  /** What was found for one running row. */
  public enum Outcome {
    /** Its workflow is open: left running. */
    LEFT_RUNNING,
    /** Its workflow is closed: marked failed (or would be, on a dry run). */
    MARKED_FAILED,
    /** It finished between the listing and the mark: left as it finished. */
    FINISHED_MEANWHILE
  }

  /**
   * One running row and what became of it.
   *
   * @param kind {@code run} (a lineage run) or {@code retrain} (a scheduled retrain decision)
   * @param id the run id, or the retrain's workflow id
   * @param what the run's activity, or the retrain's model name
   * @param note set when the tracking run could not be closed, else null
   */
  public record Finding(
      String kind,
      String id,
      String what,
      String workflowId,
      Instant since,
      WorkflowState workflow,
      Outcome outcome,
      String note) {}

  /** Every running row, oldest first within runs and within retrains. */
  public record Reconciliation(List<Finding> findings, boolean dryRun) {
    public long count(Outcome outcome) {
      return findings.stream().filter(f -> f.outcome() == outcome).count();
    }
  }

  /**
   * Checks every running run and retrain; marks those whose workflow is closed, unless {@code
   * dryRun}.
   *
   * @throws RuntimeException when lineage or the orchestrator cannot be read; rows already marked
   *     stay marked (each mark is its own transaction)
   */
  public Reconciliation reconcile(boolean dryRun) {
    Map<String, WorkflowState> states = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (RunRecord run : lineage.runningRuns()) {
      WorkflowState state = states.computeIfAbsent(run.workflowId(), liveness::state);
      findings.add(reconcile(run, state, dryRun));
    }
    for (RetrainEntry retrain : lineage.retrainLedger().running()) {
      WorkflowState state = states.computeIfAbsent(retrain.workflowId(), liveness::state);
      findings.add(reconcile(retrain, state, dryRun));
    }
    return new Reconciliation(List.copyOf(findings), dryRun);
  }

  private Finding reconcile(RunRecord run, WorkflowState state, boolean dryRun) {
    Outcome outcome = Outcome.LEFT_RUNNING;
    String note = null;
    if (!state.open()) {
      outcome = Outcome.MARKED_FAILED;
      if (!dryRun) {
        String reason = reason(run.workflowId(), state, "run");
        RunRecord marked = lineage.failRun(run.id(), RunFailure.Source.RECONCILE, reason);
        if (markedHere(marked, run.attempt())) {
          note = closeTrackedRun(marked, reason);
        } else {
          outcome = Outcome.FINISHED_MEANWHILE;
        }
      }
    }
    return new Finding(
        "run",
        Long.toString(run.id()),
        run.activity(),
        run.workflowId(),
        run.startedAt(),
        state,
        outcome,
        note);
  }

  private Finding reconcile(RetrainEntry retrain, WorkflowState state, boolean dryRun) {
    Outcome outcome = Outcome.LEFT_RUNNING;
    if (!state.open()) {
      outcome = Outcome.MARKED_FAILED;
      if (!dryRun) {
        try {
          lineage
              .retrainLedger()
              .recordOutcome(
                  RetrainOutcome.failed(
                      retrain.workflowId(), reason(retrain.workflowId(), state, "retrain")));
        } catch (LineageConflictException e) {
          outcome = Outcome.FINISHED_MEANWHILE; // it recorded its own outcome first
        }
      }
    }
    return new Finding(
        "retrain",
        retrain.workflowId(),
        retrain.modelName(),
        retrain.workflowId(),
        retrain.decidedAt(),
        state,
        outcome,
        null);
  }

  /** Whether the failure of {@code attempt} is this pass's, not the activity's own or a success. */
  private boolean markedHere(RunRecord marked, int attempt) {
    return marked.status() == RunStatus.FAILED
        && marked.attempt() == attempt
        && lineage.failures(marked.id()).stream()
            .anyMatch(f -> f.attempt() == attempt && f.source() == RunFailure.Source.RECONCILE);
  }

  /** Best effort: lineage is the record; a tracking backend that is down is reported, not fatal. */
  private String closeTrackedRun(RunRecord run, String reason) {
    try {
      TrackedRun tracked = metrics.open(run);
      tracked.setTags(Map.of(FAILURE_TAG, reason));
      tracked.finish(RunStatus.FAILED);
      return null;
    } catch (RuntimeException e) {
      return "tracking run not closed: " + e.getMessage();
    }
  }

  private static String reason(String workflowId, WorkflowState state, String what) {
    return "workflow "
        + workflowId
        + " is "
        + state.description()
        + " while this "
        + what
        + " was still running: its worker stopped before it could finish or record a failure";
  }
}
