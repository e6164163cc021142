package io.missrec.workflows.payload;

import java.util.List;
import java.util.Objects;

/**
 * What a pipeline produced.
 *
 * @param datasets the ingested snapshots, in request order
 * @param checkpoint the trained (best) checkpoint
 * @param reports test-split evaluation reports, one per dataset
 * @param modelVersion the registered version
 * @param pruned the training intermediates removed by the clean-up stage; null when none ran (the
 *     request kept them, a zero-shot transfer trained nothing, or the result was recorded before
 *     the stage existed)
 */
public record PipelineResult(
    List<DatasetRef> datasets,
    Checkpoint checkpoint,
    List<EvaluationReport> reports,
    ModelVersion modelVersion,
    PruneSummary pruned) {
  public PipelineResult {
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(checkpoint, "checkpoint");
    reports = List.copyOf(reports);
    Objects.requireNonNull(modelVersion, "modelVersion");
  }
}
