package io.missrec.activities.lineage;

import java.time.Instant;

/**
 * One stage decision on a model version (table {@code model_stage_event}).
 *
 * @param productionVersion the name's production version when the decision was taken, or null
 */
public record StageEvent(
    String name,
    long version,
    ModelStage from,
    ModelStage to,
    StageDecision decision,
    String reason,
    Long productionVersion,
    Instant recordedAt) {}
