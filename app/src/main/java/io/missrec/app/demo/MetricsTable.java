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
 * metric, and under each row its standard errors where the report has them.
 */
public final class MetricsTable {
  /**
   * Label of the line under a row with its metrics' standard errors over the split's users: two
   * rows closer than about two of these are not told apart by that test set.
   */
  static final String STANDARD_ERROR = "s.e.";

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
      EvaluationReport r = row.report();
      lines.add(line(rowFormat, metrics, r.metrics(), row.model(), r.dataset(), r.split()));
      if (!r.standardErrors().isEmpty()) {
        lines.add(line(rowFormat, metrics, r.standardErrors(), "", "", STANDARD_ERROR));
      }
    }
    return lines;
  }

  private static String line(
      String rowFormat,
      TreeSet<String> metrics,
      Map<String, Double> values,
      String model,
      String dataset,
      String split) {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, rowFormat, model, dataset, split));
    for (String m : metrics) {
      Double v = values.get(m);
      line.append(
          v == null
              ? String.format(Locale.ROOT, "  %10s", "-")
              : String.format(Locale.ROOT, "  %10.4f", v));
    }
    return line.toString();
  }
}
