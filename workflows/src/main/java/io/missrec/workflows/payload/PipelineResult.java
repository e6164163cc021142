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
 */
public record PipelineResult(
    List<DatasetRef> datasets,
    Checkpoint checkpoint,
    List<EvaluationReport> reports,
    ModelVersion modelVersion) {
  public PipelineResult {
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(checkpoint, "checkpoint");
    reports = List.copyOf(reports);
    Objects.requireNonNull(modelVersion, "modelVersion");
  }
}
