package io.missrec.activities.lineage;

import java.time.Instant;

/**
 * A {@code retrain_decision} row.
 *
 * @param decision {@code retrain} or {@code skip}
 * @param status {@code skipped}, {@code running}, {@code succeeded} or {@code failed}
 * @param previousDigest null when the model had never been trained
 * @param pipelineWorkflowId null for a skip
 * @param modelVersion set once a retrain succeeded
 * @param failure set once a retrain failed
 * @param finishedAt null while running
 */
public record RetrainEntry(
    String workflowId,
    String modelName,
    String decision,
    String status,
    String reason,
    String datasetsDigest,
    String previousDigest,
    String pipelineWorkflowId,
    Long modelVersion,
    String failure,
    Instant decidedAt,
    Instant finishedAt) {}
