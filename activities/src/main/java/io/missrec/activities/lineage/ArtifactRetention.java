package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The retention policy's view of lineage: which stored artifacts are intermediates nothing needs
 * any more, and the append-only record of what was removed, when and why.
 */
public interface ArtifactRetention {

  /** Why {@code artifact prune} removes what {@link #intermediates} lists. */
  String INTERMEDIATE = "intermediate of a finished training run, consumed by nothing";

  /** Why a pipeline removes what {@link #intermediatesOf} lists once it has succeeded. */
  static String intermediateOf(String workflowId) {
    return "intermediate of workflow " + workflowId + ", removed when it succeeded";
  }

  /**
   * Epoch checkpoints and optimizer states that only succeeded runs produced, each of them finished
   * at least {@code finishedBefore} ago (zero: any finished run), and that nothing consumed: no
   * lineage edge reads them (a checkpoint's edge to its own optimizer state aside) and no model
   * version names them. The checkpoint a training run handed on is consumed by its run report and
   * evaluations, so it never appears. Whether the bytes are still stored is the artifact store's to
   * say. Ordered by kind and URI.
   */
  List<ArtifactRef> intermediates(Duration finishedBefore);

  /**
   * The {@link #intermediates} of one workflow execution: those that a run of {@code workflowId}
   * produced, whatever the age of the runs. Another workflow's run that produced the same bytes
   * must have finished and succeeded too, as for {@link #intermediates}.
   */
  List<ArtifactRef> intermediatesOf(String workflowId);

  /**
   * Removes one artifact listed by {@link #intermediates} or {@link #intermediatesOf} if it still
   * is an intermediate of runs finished at least {@code finishedBefore} ago: in one transaction
   * that holds the artifact's row lock, re-checks that, appends the removal record with {@code
   * reason}, runs {@code deleteBytes} and commits. A run that records an edge to the artifact
   * meanwhile (a concurrent training that produced the same bytes, a transfer starting from it)
   * either did so before the lock, and the re-check keeps the artifact, or waits for the commit
   * (its foreign key check needs a lock this one excludes) and then finds the bytes gone, which is
   * why training checks its artifacts are stored after recording their edges. If {@code
   * deleteBytes} throws, nothing is recorded.
   *
   * @return whether it was removed
   */
  boolean removeIfIntermediate(
      String uri, Duration finishedBefore, String reason, Runnable deleteBytes);

  /** Why {@code artifact prune --failed} removes what {@link #abandoned} lists. */
  String ABANDONED = "intermediate of a failed training run, consumed by nothing";

  /**
   * Epoch checkpoints and optimizer states that only failed training runs produced, each of them
   * failed at least {@code failedBefore} ago, and that nothing consumed (as for {@link
   * #intermediates}). A retried attempt resumes from its run's last epoch and marks the run running
   * again, so a run that stays failed longer than its retries last is one nothing will resume; a
   * new run of the workflow trains from the start. Ordered by kind and URI.
   */
  List<ArtifactRef> abandoned(Duration failedBefore);

  /**
   * Removes one artifact of {@link #abandoned} if it still is one, as {@link #removeIfIntermediate}
   * does: re-checked under the artifact's row lock (a retry that marked its run running meanwhile
   * keeps it), the removal recorded and the bytes deleted in one transaction.
   *
   * @return whether it was removed
   */
  boolean removeIfAbandoned(String uri, Duration failedBefore, String reason, Runnable deleteBytes);

  /** Why {@code artifact prune --lists} removes what {@link #supersededLists} lists. */
  static String superseded(int keep) {
    return "recommendation lists superseded by the latest " + keep + " of their feed";
  }

  /**
   * Recommendation lists that newer ones replaced. A feed is the lists of one dataset scored by one
   * checkpoint (a model version serving a dataset); its lists are ordered by when a succeeded run
   * last produced them. Listed are those outside the latest {@code keep} of their feed and last
   * produced at least {@code producedBefore} ago, that nothing consumes (no lineage edge reads
   * them). The latest lists of a model no longer served stay: no newer ones replaced them. Ordered
   * by URI; whether the bytes are still stored is the artifact store's to say.
   *
   * @param keep at least 1
   */
  List<ArtifactRef> supersededLists(int keep, Duration producedBefore);

  /**
   * Removes one list of {@link #supersededLists} if it still is superseded, as {@link
   * #removeIfIntermediate} does for intermediates: re-checked under the artifact's row lock, the
   * removal recorded and the bytes deleted in one transaction. A serving run that produces the same
   * lists meanwhile makes them the latest of their feed (and the run puts back bytes that went
   * before its edges were in).
   *
   * @return whether it was removed
   */
  boolean removeIfSuperseded(
      String uri, int keep, Duration producedBefore, String reason, Runnable deleteBytes);

  /** The latest removal of {@code uri}, if any. */
  Optional<Removal> lastRemoval(String uri);

  /** One removal: when the bytes of {@code uri} went, and why. */
  record Removal(String uri, String reason, Instant removedAt) {}
}
