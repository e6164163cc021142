package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.retention.ArtifactPruner;
import io.missrec.workflows.activities.RetentionActivities;
import io.missrec.workflows.payload.PruneRequest;
import io.missrec.workflows.payload.PruneSummary;
import io.temporal.activity.Activity;
import java.util.List;

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
    int[] removed = {0};
    pruner.remove(
        pruner.stored(intermediates),
        ArtifactRetention.intermediateOf(request.workflowId()),
        artifact -> Activity.getExecutionContext().heartbeat(++removed[0]));
    long bytes = intermediates.stream().mapToLong(ArtifactRef::sizeBytes).sum();
    return new PruneSummary(intermediates.size(), bytes);
  }
}
