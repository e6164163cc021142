package io.missrec.activities.lineage;

import java.time.Instant;

/**
 * A run as stored. {@code attempt} counts starts under the same idempotency key: a retry after a
 * recorded failure reopens the run with the next attempt number.
 *
 * @param finishedAt null while running
 */
public record RunRecord(
    long id,
    String idempotencyKey,
    String workflowId,
    String workflowRunId,
    String activity,
    String codeVersion,
    RunStatus status,
    int attempt,
    Instant startedAt,
    Instant finishedAt) {}
