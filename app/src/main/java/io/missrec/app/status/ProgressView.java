package io.missrec.app.status;

import io.missrec.activities.reports.MetricLabels;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a pipeline's {@link Progress} as text with progress bars. */
public final class ProgressView {
  public static final int BAR_WIDTH = 30;

  private final StagePlan plan;

  public ProgressView(StagePlan plan) {
    this.plan = plan;
  }

  /**
   * A bar of {@code width} cells, {@code #} for done and {@code .} for left, then the percentage,
   * e.g. {@code [###.......] 30%}. The fraction is clamped to [0, 1].
   */
  public static String bar(double fraction, int width) {
    double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.floor(f * width + 1e-9);
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100 + 1e-9));
  }

  /**
   * One line for live output: stage, its position and, in training, epoch bar, loss and valid
   * metrics; e.g. {@code PRETRAINING (5/7) epoch 3/10 [#########.....] 30% loss 4.1234}.
   */
  public String line(Progress p) {
    StringBuilder out = new StringBuilder(stageLabel(p));
    if (p.stage().isTraining()) {
      out.append(
          String.format(Locale.ROOT, "  epoch %d/%d %s", p.epoch(), p.totalEpochs(), epochBar(p)));
      if (p.loss() != null) {
        out.append(String.format(Locale.ROOT, "  loss %.4f", p.loss()));
      }
    } else {
      out.append("  ").append(bar(stageFraction(p), BAR_WIDTH));
    }
    if (!p.metrics().isEmpty()) {
      out.append("  ").append(metrics(p.metrics(), 4));
    }
    return out.toString();
  }

  /** Several lines for {@code missrec status}: workflow, stage bar, epoch bar, loss, metrics. */
  public List<String> block(String workflowId, Progress p) {
    List<String> lines = new ArrayList<>();
    lines.add("workflow  " + workflowId);
    lines.add(
        String.format(
            Locale.ROOT, "stage     %-26s %s", stageLabel(p), bar(stageFraction(p), BAR_WIDTH)));
    if (p.totalEpochs() > 0) {
      lines.add(
          String.format(
              Locale.ROOT, "epoch     %-26s %s", p.epoch() + "/" + p.totalEpochs(), epochBar(p)));
    }
    if (p.loss() != null) {
      lines.add(String.format(Locale.ROOT, "loss      %.4f", p.loss()));
    }
    if (!p.metrics().isEmpty()) {
      lines.add("metrics   " + metrics(p.metrics(), Integer.MAX_VALUE));
    }
    return lines;
  }

  /** Whether the pipeline has finished, either way. */
  public static boolean terminal(Progress p) {
    return p.stage() == Stage.COMPLETED || p.stage() == Stage.FAILED;
  }

  private String stageLabel(Progress p) {
    int position = plan.position(p.stage());
    return position > 0 && p.stage() != Stage.COMPLETED
        ? p.stage() + " (" + position + "/" + plan.size() + ")"
        : p.stage().toString();
  }

  private double stageFraction(Progress p) {
    if (p.stage() == Stage.COMPLETED) {
      return 1;
    }
    int position = plan.position(p.stage());
    // A stage counts as done once the next one starts.
    return position <= 0 ? 0 : (position - 1) / (double) plan.size();
  }

  private static String epochBar(Progress p) {
    return bar(p.totalEpochs() == 0 ? 0 : p.epoch() / (double) p.totalEpochs(), BAR_WIDTH);
  }

  private static String metrics(Map<String, Double> metrics, int limit) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    Map<String, Double> ordered = new TreeMap<>(MetricLabels.ORDER);
    ordered.putAll(metrics);
    for (Map.Entry<String, Double> e : ordered.entrySet()) {
      if (shown == limit) {
        out.append(" ...");
        break;
      }
      if (shown > 0) {
        out.append("  ");
      }
      out.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
      shown++;
    }
    return out.toString();
  }
}
