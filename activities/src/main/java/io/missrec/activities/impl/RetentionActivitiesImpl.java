package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.retention.ArtifactPruner;
import io.missrec.workflows.activities.RetentionActivities;
import io.missrec.workflows.payload.PruneRequest;
import io.missrec.workflows.payload.PruneSummary;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes a workflow's training intermediates through the same {@link ArtifactPruner} as {@code
 * missrec artifact prune}, limited to what the workflow's own runs produced. The summary counts
 * every such intermediate, including any an earlier attempt (or a manual prune) already removed, so
 * a retried call returns what the first one would have.
 */
public final class RetentionActivitiesImpl implements RetentionActivities {
  private final ActivityContext ctx;

  public RetentionActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public PruneSummary pruneIntermediates(PruneRequest request) {
    List<ArtifactRef> intermediates = ctx.retention().intermediatesOf(request.workflowId());
    ArtifactPruner pruner = new ArtifactPruner(ctx.retention(), ctx.artifacts());
    List<ArtifactRef> stored = pruner.stored(intermediates);
    int[] removed = {0};
    List<ArtifactRef> gone =
        pruner.remove(
            stored,
            pruner.intermediates(
                Duration.ZERO, ArtifactRetention.intermediateOf(request.workflowId())),
            artifact -> Activity.getExecutionContext().heartbeat(++removed[0]));
    // what another run started to use meanwhile stays, and is not counted
    Set<ArtifactRef> kept = new HashSet<>(stored);
    kept.removeAll(gone);
    List<ArtifactRef> notStored = intermediates.stream().filter(a -> !kept.contains(a)).toList();
    return new PruneSummary(
        notStored.size(), notStored.stream().mapToLong(ArtifactRef::sizeBytes).sum());
  }
}
