package io.missrec.workflows.recommend;

import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.RecommendResult;
import io.missrec.workflows.progress.ProgressTracking;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Batch recommendation: ingest a dataset, extract its item features, and store every user's top-K
 * lists from a checkpoint in S3, with lineage from the lists back to the checkpoint and the
 * snapshot. Start it with {@code WorkflowIds.recommendOptions(request, requestId)}: each request id
 * runs once, so a scheduler that retries a start does not serve twice.
 */
@WorkflowInterface
public interface RecommendWorkflow extends ProgressTracking {

  @WorkflowMethod
  RecommendResult run(RecommendRequest request);
}
