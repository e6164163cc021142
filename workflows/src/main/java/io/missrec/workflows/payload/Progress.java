package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * Where a pipeline is. During training the training activity reports it every epoch; otherwise the
 * workflow sets it at each stage.
 *
 * @param stage current stage
 * @param epoch epochs completed in the current training stage (0 outside training or before the
 *     first epoch ends)
 * @param totalEpochs maximum epochs of the training stage (0 before training)
 * @param loss mean training loss of the last epoch, or null when there is none yet
 * @param metrics latest metrics: valid metrics during training, {@code "<dataset>/<metric>"} test
 *     metrics once evaluated
 */
public record Progress(
    Stage stage, int epoch, int totalEpochs, Double loss, Map<String, Double> metrics) {
  public Progress {
    Objects.requireNonNull(stage, "stage");
    metrics = Maps.sortedCopy(metrics, "metrics");
  }

  public static Progress started() {
    return new Progress(Stage.STARTED, 0, 0, null, Map.of());
  }

  /** This progress moved to another stage, keeping the training numbers and metrics. */
  public Progress at(Stage next) {
    return new Progress(next, epoch, totalEpochs, loss, metrics);
  }

  /** This progress with other metrics. */
  public Progress withMetrics(Map<String, Double> latest) {
    return new Progress(stage, epoch, totalEpochs, loss, latest);
  }
}
