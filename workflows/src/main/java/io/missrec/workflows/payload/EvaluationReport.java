package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * Full-ranking evaluation of one checkpoint on one dataset split.
 *
 * @param report artifact with the full report (per-user ranks, config)
 * @param dataset dataset name
 * @param split "valid" or "test"
 * @param metrics metric name to value, e.g. "Recall@10", "NDCG@50"
 * @param standardErrors each metric's standard error over the split's users, under the same name
 *     (empty in reports recorded before they were computed)
 */
public record EvaluationReport(
    ArtifactRef report,
    String dataset,
    String split,
    Map<String, Double> metrics,
    Map<String, Double> standardErrors) {
  public EvaluationReport {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(split, "split");
    metrics = Maps.sortedCopy(metrics, "metrics");
    standardErrors = Maps.sortedCopy(standardErrors, "standardErrors");
  }
}
