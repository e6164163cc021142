package io.missrec.activities.reports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a {@link RunReport} to one self-contained HTML page: facts, training curves (loss and
 * valid NDCG@10, JFreeChart PNGs as data: URIs), the per-epoch table and the final metrics table. A
 * pure function of the report: numbers are formatted with {@link Locale#ROOT} and nothing depends
 * on the clock.
 */
public final class ReportRenderer {
  /** The validation metric charted beside the loss; the trainer selects the best epoch by it. */
  public static final String CHARTED_METRIC = "NDCG@10";

  static final String LOSS_PNG = "loss.png";
  static final String VALID_PNG = "valid-ndcg10.png";

  private ReportRenderer() {}

  public static RenderedReport render(RunReport report) {
    Map<String, byte[]> charts = charts(report.history());
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(report.title()))
        .append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
        .append("td.num{text-align:right;font-family:monospace}")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(esc(report.title()))
        .append("</h1>\n");
    keyValues(h, "Run", report.facts());
    h.append("<h2>Final metrics</h2>\n");
    finalMetrics(h, report.finalMetrics());
    h.append("<h2>Training curves</h2>\n");
    if (report.history().isEmpty()) {
      h.append("<p>No per-epoch history recorded for this run.</p>\n");
    } else {
      for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
        h.append("<img alt=\"")
            .append(esc(chart.getKey()))
            .append("\" width=\"")
            .append(LineCharts.WIDTH)
            .append("\" height=\"")
            .append(LineCharts.HEIGHT)
            .append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(chart.getValue()))
            .append("\">\n");
      }
      history(h, report.history());
    }
    keyValues(h, "Parameters", report.params());
    h.append("</body>\n</html>\n");
    return new RenderedReport(h.toString().getBytes(StandardCharsets.UTF_8), charts);
  }

  private static Map<String, byte[]> charts(List<EpochPoint> history) {
    Map<String, byte[]> charts = new LinkedHashMap<>();
    if (history.isEmpty()) {
      return charts;
    }
    int[] epochs = history.stream().mapToInt(EpochPoint::epoch).toArray();
    double[] loss = history.stream().mapToDouble(EpochPoint::loss).toArray();
    double[] valid =
        history.stream()
            .mapToDouble(p -> p.valid().getOrDefault(CHARTED_METRIC, Double.NaN))
            .toArray();
    charts.put(LOSS_PNG, LineCharts.png("Training loss", "loss", epochs, loss));
    charts.put(
        VALID_PNG, LineCharts.png("Validation " + CHARTED_METRIC, CHARTED_METRIC, epochs, valid));
    return charts;
  }

  private static void keyValues(StringBuilder h, String heading, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    h.append("<h2>").append(esc(heading)).append("</h2>\n<table>\n");
    values.forEach(
        (key, value) ->
            h.append("<tr><th>")
                .append(esc(key))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>\n"));
    h.append("</table>\n");
  }

  private static void finalMetrics(StringBuilder h, Map<String, Map<String, Double>> columns) {
    if (columns.isEmpty()) {
      h.append("<p>No final metrics recorded for this run.</p>\n");
      return;
    }
    TreeSet<String> names = new TreeSet<>(MetricLabels.ORDER);
    columns.values().forEach(m -> names.addAll(m.keySet()));
    h.append("<table>\n<tr><th>metric</th>");
    columns.keySet().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
    h.append("</tr>\n");
    for (String name : names) {
      h.append("<tr><th>").append(esc(name)).append("</th>");
      columns.values().forEach(m -> h.append(cell(m.get(name))));
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void history(StringBuilder h, List<EpochPoint> history) {
    TreeSet<String> names = new TreeSet<>(MetricLabels.ORDER);
    history.forEach(p -> names.addAll(p.valid().keySet()));
    List<String> columns = new ArrayList<>(names);
    h.append("<table>\n<tr><th>epoch</th><th>loss</th>");
    columns.forEach(c -> h.append("<th>valid ").append(esc(c)).append("</th>"));
    h.append("</tr>\n");
    for (EpochPoint p : history) {
      h.append("<tr><td class=\"num\">").append(p.epoch()).append("</td>").append(cell(p.loss()));
      columns.forEach(c -> h.append(cell(p.valid().get(c))));
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String cell(Double value) {
    return "<td class=\"num\">" + format(value) + "</td>";
  }

  /** Four decimals, as the CLI prints metrics; missing values as an en dash. */
  static String format(Double value) {
    if (value == null || value.isNaN()) {
      return "&ndash;";
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
