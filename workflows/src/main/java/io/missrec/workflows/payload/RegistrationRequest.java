package io.missrec.workflows.payload;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Input of model registration.
 *
 * @param modelName model name
 * @param checkpoint the checkpoint to register
 * @param reports its evaluation reports
 * @param tags provenance (workflow id and run id, dataset digests), recorded with the version
 */
public record RegistrationRequest(
    String modelName,
    Checkpoint checkpoint,
    List<EvaluationReport> reports,
    Map<String, String> tags) {
  public RegistrationRequest {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(checkpoint, "checkpoint");
    reports = List.copyOf(reports);
    tags = Maps.sortedCopy(tags, "tags");
  }
}
