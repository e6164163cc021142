package io.missrec.activities.retention;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes the bytes of artifacts that nothing needs any more, keeping their lineage: the artifact
 * rows, digests and edges stay, and each removal is recorded with its reason. Three rules: training
 * intermediates (epoch checkpoints a run did not hand on, optimizer states kept only for resuming),
 * the same of training runs that failed long enough ago, and recommendation lists that newer lists
 * of the same feed replaced.
 */
public final class ArtifactPruner {
  private final ArtifactRetention retention;
  private final ArtifactStore store;

  public ArtifactPruner(ArtifactRetention retention, ArtifactStore store) {
    this.retention = retention;
    this.store = store;
  }

  /**
   * What a prune would remove now: {@link ArtifactRetention#intermediates} of runs finished at
   * least {@code finishedBefore} ago, still stored.
   */
  public List<ArtifactRef> candidates(Duration finishedBefore) {
    return stored(retention.intermediates(finishedBefore));
  }

  /** What a prune of one workflow would remove now: its runs' intermediates, still stored. */
  public List<ArtifactRef> candidatesOf(String workflowId) {
    return stored(retention.intermediatesOf(workflowId));
  }

  /** {@code artifacts} whose bytes are still in the store. */
  public List<ArtifactRef> stored(List<ArtifactRef> artifacts) {
    return artifacts.stream().filter(store::exists).toList();
  }

  /** The artifacts of {@link ArtifactRetention#abandoned}, still stored. */
  public List<ArtifactRef> abandoned(Duration failedBefore) {
    return stored(retention.abandoned(failedBefore));
  }

  /** The artifacts of {@link ArtifactRetention#supersededLists}, still stored. */
  public List<ArtifactRef> supersededLists(int keep, Duration producedBefore) {
    return stored(retention.supersededLists(keep, producedBefore));
  }

  /**
   * One retention rule's removal of one artifact: re-checked under the artifact's row lock, its
   * removal recorded and its bytes deleted in one transaction ({@link
   * ArtifactRetention#removeIfIntermediate}, {@link ArtifactRetention#removeIfAbandoned}, {@link
   * ArtifactRetention#removeIfSuperseded}).
   */
  @FunctionalInterface
  public interface Rule {
    /** Whether it was removed; false when it no longer falls under the rule. */
    boolean removeIfStillDue(String uri, Runnable deleteBytes);
  }

  /** The rule of {@link #candidates} and {@link #candidatesOf}. */
  public Rule intermediates(Duration finishedBefore, String reason) {
    return (uri, delete) -> retention.removeIfIntermediate(uri, finishedBefore, reason, delete);
  }

  /** The rule of {@link #abandoned}. */
  public Rule abandoned(Duration failedBefore, String reason) {
    return (uri, delete) -> retention.removeIfAbandoned(uri, failedBefore, reason, delete);
  }

  /** The rule of {@link #supersededLists}. */
  public Rule supersededLists(int keep, Duration producedBefore, String reason) {
    return (uri, delete) -> retention.removeIfSuperseded(uri, keep, producedBefore, reason, delete);
  }

  /**
   * Removes {@code artifacts} one by one under {@code rule}, so a run that starts using one
   * meanwhile keeps it, and no bytes go without a record (if the delete fails, nothing is
   * recorded).
   *
   * @param removed told of each artifact once its bytes are gone (progress, heartbeats)
   * @return the artifacts removed; the others were in use by the time their turn came
   */
  public List<ArtifactRef> remove(
      List<ArtifactRef> artifacts, Rule rule, Consumer<ArtifactRef> removed) {
    List<ArtifactRef> gone = new ArrayList<>();
    for (ArtifactRef artifact : artifacts) {
      String uri = artifact.uri();
      if (rule.removeIfStillDue(uri, () -> store.remove(uri))) {
        gone.add(artifact);
        removed.accept(artifact);
      }
    }
    return gone;
  }
}
