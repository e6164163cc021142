package io.missrec.app.demo;

import io.missrec.activities.reports.MetricLabels;
import io.missrec.workflows.payload.EvaluationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A plain-text table of evaluation reports: one row per (model, dataset, split), one column per
 * metric.
 */
public final class MetricsTable {
  private record Row(String model, EvaluationReport report) {}

  private final List<Row> rows = new ArrayList<>();

  public MetricsTable add(String model, List<EvaluationReport> reports) {
    reports.forEach(r -> rows.add(new Row(model, r)));
    return this;
  }

  public List<String> render() {
    TreeSet<String> metrics = new TreeSet<>(MetricLabels.ORDER);
    rows.forEach(r -> metrics.addAll(r.report().metrics().keySet()));
    int modelWidth = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(0));
    int dataWidth =
        Math.max(7, rows.stream().mapToInt(r -> r.report().dataset().length()).max().orElse(0));
    String rowFormat = "%-" + modelWidth + "s  %-" + dataWidth + "s  %-5s";
    List<String> lines = new ArrayList<>();
    StringBuilder header =
        new StringBuilder(String.format(Locale.ROOT, rowFormat, "model", "dataset", "split"));
    metrics.forEach(m -> header.append(String.format(Locale.ROOT, "  %10s", m)));
    lines.add(header.toString());
    lines.add("-".repeat(header.length()));
    for (Row row : rows) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  rowFormat,
                  row.model(),
                  row.report().dataset(),
                  row.report().split()));
      Map<String, Double> values = row.report().metrics();
      for (String m : metrics) {
        Double v = values.get(m);
        line.append(
            v == null
                ? String.format(Locale.ROOT, "  %10s", "-")
                : String.format(Locale.ROOT, "  %10.4f", v));
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
