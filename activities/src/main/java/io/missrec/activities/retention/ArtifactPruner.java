package io.missrec.activities.retention;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes the bytes of training intermediates that nothing needs any more (epoch checkpoints a run
 * did not hand on, optimizer states kept only for resuming), keeping their lineage: the artifact
 * rows, digests and edges stay, and each removal is recorded with its reason.
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

  /**
   * Removes {@code artifacts} (listed for {@code finishedBefore}) one by one, each through {@link
   * ArtifactRetention#removeIfIntermediate}: re-checked under the artifact's row lock, its removal
   * recorded and its bytes deleted in one transaction, so a run that starts using one meanwhile
   * keeps it, and no bytes go without a record (if the delete fails, nothing is recorded).
   *
   * @param removed told of each artifact once its bytes are gone (progress, heartbeats)
   * @return the artifacts removed; the others were in use by the time their turn came
   */
  public List<ArtifactRef> remove(
      List<ArtifactRef> artifacts,
      Duration finishedBefore,
      String reason,
      Consumer<ArtifactRef> removed) {
    List<ArtifactRef> gone = new ArrayList<>();
    for (ArtifactRef artifact : artifacts) {
      String uri = artifact.uri();
      if (retention.removeIfIntermediate(uri, finishedBefore, reason, () -> store.remove(uri))) {
        gone.add(artifact);
        removed.accept(artifact);
      }
    }
    return gone;
  }
}
