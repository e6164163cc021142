package io.missrec.activities.retention;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import java.time.Duration;
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

  /** {@code artifacts} whose bytes are still in the store. */
  public List<ArtifactRef> stored(List<ArtifactRef> artifacts) {
    return artifacts.stream().filter(store::exists).toList();
  }

  /**
   * Removes {@code artifacts}, recording each removal with {@code reason} before deleting its
   * bytes: an interrupted prune leaves at worst a recorded removal whose bytes are still stored
   * (the next prune lists and removes them again), never bytes gone without a record.
   *
   * @param removed told of each artifact once its bytes are gone (progress, heartbeats)
   */
  public void remove(List<ArtifactRef> artifacts, String reason, Consumer<ArtifactRef> removed) {
    for (ArtifactRef artifact : artifacts) {
      retention.recordRemoval(artifact.uri(), reason);
      store.remove(artifact.uri());
      removed.accept(artifact);
    }
  }
}
