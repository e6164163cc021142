package io.missrec.workflows.progress;

import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Workflow-side progress state: set by the workflow at each stage and by training reports. Plain
 * deterministic code, used from workflow threads only.
 */
public final class PipelineProgress {
  private Progress current = Progress.started();

  public Progress current() {
    return current;
  }

  public void enter(Stage stage) {
    current = current.at(stage);
  }

  /** Enters a training stage, resetting the training numbers. */
  public void enterTraining(Stage stage, int totalEpochs) {
    current = new Progress(stage, 0, totalEpochs, null, Map.of());
  }

  /**
   * Takes epoch, loss and metrics from a training report. The stage and total epochs stay the
   * workflow's; a report arriving outside a training stage (late, from an earlier attempt) is
   * dropped.
   */
  public void onTrainingReport(Progress report) {
    if (current.stage().isTraining()) {
      current =
          new Progress(
              current.stage(),
              report.epoch(),
              current.totalEpochs(),
              report.loss(),
              report.metrics());
    }
  }

  /** Shows test metrics as {@code "<dataset>/<metric>"}. */
  public void evaluated(List<EvaluationReport> reports) {
    Map<String, Double> metrics = new TreeMap<>();
    for (EvaluationReport report : reports) {
      report.metrics().forEach((name, value) -> metrics.put(report.dataset() + "/" + name, value));
    }
    current = current.withMetrics(metrics);
  }

  public void failed() {
    current = current.at(Stage.FAILED);
  }
}
