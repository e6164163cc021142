package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.reports.ReportRenderer;
import io.missrec.activities.reports.RunReport;

/**
 * Renders a run's report and stores its self-contained HTML content-addressed: rendering is
 * deterministic, so a retried activity stores the same object under the same key.
 */
final class RunReportArtifacts {
  static final String HTML = "text/html; charset=utf-8";

  /** MLflow tag naming the stored report (the report itself is not uploaded to MLflow). */
  static final String TAG = "missrec.run_report";

  private final LocalArtifacts artifacts;

  RunReportArtifacts(LocalArtifacts artifacts) {
    this.artifacts = artifacts;
  }

  ArtifactRef store(RunReport report) {
    return artifacts.put(ArtifactKind.RUN_REPORT, ReportRenderer.render(report).html(), HTML);
  }
}
