package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provenance record of the platform: datasets, artifacts, runs with their params and metrics,
 * input-to-output edges and model versions. Every write is idempotent so that a retried activity
 * can repeat it; each call is one transaction.
 */
public interface LineageStore {

  /** Records a dataset; a second call with the same digest is a no-op. */
  void recordDataset(Dataset dataset);

  /**
   * Records an artifact; a second call with the same URI is a no-op.
   *
   * @throws LineageConflictException if the URI is already recorded with another digest or size
   */
  void recordArtifact(ArtifactRef artifact);

  /**
   * Starts a run, or returns the run already started under the same idempotency key. A run that had
   * failed is reopened (status running, attempt + 1); a running or succeeded run is returned
   * unchanged, so the caller can skip work that already succeeded.
   */
  RunRecord startRun(RunStart start);

  /**
   * Starts the run (or takes the one under the same idempotency key), records everything it
   * produced and marks it succeeded, all in one transaction: either every row is written or none.
   * Repeating the call records nothing twice.
   *
   * @throws LineageConflictException as the single-record methods do
   */
  RunRecord completeRun(RunStart start, RunOutputs outputs);

  /**
   * Marks a run succeeded or failed. Repeating the same terminal status is a no-op.
   *
   * @throws LineageConflictException if the run already finished with the other status
   */
  RunRecord finishRun(long runId, RunStatus status);

  /**
   * Marks a running run failed and records why for its current attempt, in one transaction under
   * the run's row lock. A run that is no longer running is returned as it stands and nothing is
   * recorded: a completion that got there first wins, and a second report on a failed attempt keeps
   * the first one's reason. The caller tells which happened from the returned status.
   *
   * @throws LineageStoreException when there is no such run
   */
  RunRecord failRun(long runId, RunFailure.Source source, String reason);

  /** Runs still marked running, oldest first. */
  List<RunRecord> runningRuns();

  /** The recorded failures of a run's attempts, oldest attempt first. */
  List<RunFailure> failures(long runId);

  /**
   * Records params, all or none. Params are write-once: re-recording the same value is a no-op.
   *
   * @throws LineageConflictException if a key already holds a different value
   */
  void recordParams(long runId, Map<String, String> params);

  /** Appends metrics, all or none; a (key, step) already recorded for the run is kept as is. */
  void recordMetrics(long runId, List<MetricPoint> metrics);

  /** Records edges, all or none; an edge already recorded is a no-op. */
  void recordEdges(List<LineageEdge> edges);

  /**
   * Registers a checkpoint as the next version of {@code name}; registering the same checkpoint
   * under the same name again returns the existing version.
   */
  ModelVersion registerModelVersion(
      String name, String checkpointUri, long runId, Map<String, Double> metrics);

  /** Moves a version to a stage; promoting to production archives the previous production one. */
  default ModelVersion transitionStage(String name, long version, ModelStage stage) {
    return transitionStage(name, version, stage, StageGuard.NONE);
  }

  /**
   * Like {@link #transitionStage(String, long, ModelStage)}, but only once {@code guard} accepts;
   * the check and the move are one transaction under the name's registry lock. Applied moves and
   * refusals are both recorded in the stage history ({@link #stageEvents}); a refusal is then
   * rethrown.
   *
   * @throws LineageStoreException when there is no such version
   */
  ModelVersion transitionStage(String name, long version, ModelStage stage, StageGuard guard);

  /**
   * Every stage decision on {@code name}'s versions, oldest first: applied moves (including the
   * archival of a replaced production version) and refusals by the guard, with their reasons.
   */
  List<StageEvent> stageEvents(String name);

  /** Versions of {@code name}, or of every name when it is null, ordered by name and version. */
  List<ModelVersion> listModelVersions(String name);

  Optional<RunRecord> findRun(long runId);

  Optional<RunRecord> findRunByKey(String idempotencyKey);

  /** The runs of a workflow (all its activities and attempts' runs), oldest first. */
  List<RunRecord> runsOfWorkflow(String workflowId);

  Optional<ArtifactRef> findArtifact(String uri);

  Map<String, String> params(long runId);

  /** Metrics of a run ordered by key, then step. */
  List<MetricPoint> metrics(long runId);

  /** Edges whose output is {@code artifactUri}: what it was made from, and by which run. */
  List<LineageEdge> edgesInto(String artifactUri);

  /** Edges whose input is {@code artifactUri}: what was made from it, and by which run. */
  List<LineageEdge> edgesFrom(String artifactUri);

  Optional<ModelVersion> findModelVersion(String name, long version);

  /** The highest version registered under {@code name}. */
  Optional<ModelVersion> latestModelVersion(String name);

  Optional<Dataset> findDataset(String digest);

  /** The ledger of scheduled retraining kept in the same database. */
  RetrainLedger retrainLedger();
}
