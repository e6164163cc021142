package io.missrec.app.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.reports.MetricLabels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a {@link LineageGraph} as a tree for people: the model version, the run that registered
 * it, the checkpoint, the run that made it (activity, workflow, code version, params), its inputs
 * and theirs, down to the datasets. An artifact reached twice is expanded only the first time.
 * {@link Detail#COMPACT} (the demo) shortens digests and params; {@link Detail#FULL} (auditors)
 * shows full sha256 digests, every param and each run's last metrics.
 */
public final class LineageTree {
  private static final int DIGEST_CHARS = 12;
  private static final int MAX_PARAMS = 8;

  /** How much to show. */
  public enum Detail {
    COMPACT,
    FULL
  }

  private final Detail detail;

  public LineageTree(Detail detail) {
    this.detail = detail;
  }

  /** One line per node. */
  public List<String> render(LineageGraph graph) {
    if (graph.model() == null) {
      return renderArtifact(graph);
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "model "
            + graph.label()
            + "  stage "
            + graph.model().stage().toString().toLowerCase(Locale.ROOT)
            + formatMetrics(graph.model().metrics()));
    lines.add("└─ registered by " + runLabel(graph.run(graph.model().runId()).run()));
    artifact(graph, graph.model().checkpointUri(), "checkpoint", "   ", lines, new HashSet<>());
    return lines;
  }

  /** One line per node, from the graph's root artifact (a graph read by {@code readArtifact}). */
  private List<String> renderArtifact(LineageGraph graph) {
    List<String> lines = new ArrayList<>();
    lines.add("lineage of " + graph.root());
    artifact(graph, graph.root(), "traced", "", lines, new HashSet<>());
    return lines;
  }

  private void artifact(
      LineageGraph graph,
      String uri,
      String role,
      String indent,
      List<String> lines,
      Set<String> seen) {
    ArtifactRef ref = graph.artifact(uri);
    lines.add(
        indent
            + "└─ "
            + role
            + ": "
            + ref.kind().id()
            + " "
            + (full() ? uri : shortUri(uri))
            + " ("
            + size(ref.sizeBytes())
            + ")");
    String child = indent + "   ";
    if (!seen.add(uri)) {
      lines.add(child + "(inputs shown above)");
      return;
    }
    Map<Long, List<LineageEdge>> byRun = new TreeMap<>();
    for (LineageEdge edge : graph.edgesInto(uri)) {
      byRun.computeIfAbsent(edge.runId(), r -> new ArrayList<>()).add(edge);
    }
    for (Map.Entry<Long, List<LineageEdge>> run : byRun.entrySet()) {
      LineageGraph.RunNode node = graph.run(run.getKey());
      lines.add(child + "made by " + runLabel(node.run()));
      String params = formatParams(node.settings());
      if (!params.isEmpty()) {
        lines.add(child + "  params " + params);
      }
      String metrics = full() ? formatRunMetrics(node.lastMetrics()) : "";
      if (!metrics.isEmpty()) {
        lines.add(child + "  metrics " + metrics);
      }
      for (RunFailure failure : node.failures()) {
        lines.add(
            child
                + "  attempt "
                + failure.attempt()
                + " failed ("
                + failure.source().dbValue()
                + "): "
                + failure.reason());
      }
      for (LineageEdge edge : run.getValue()) {
        if (edge.inputArtifactUri() != null) {
          artifact(graph, edge.inputArtifactUri(), edge.role(), child, lines, seen);
        } else {
          Dataset dataset = graph.datasets().get(edge.inputDatasetDigest());
          lines.add(
              child
                  + "└─ "
                  + edge.role()
                  + ": dataset "
                  + dataset.name()
                  + " ("
                  + dataset.format()
                  + ") sha256:"
                  + (full() ? dataset.digest() : shortDigest(dataset.digest()))
                  + (full() ? " from " + dataset.uri() : ""));
        }
      }
    }
  }

  private boolean full() {
    return detail == Detail.FULL;
  }

  private String runLabel(RunRecord r) {
    return "run #"
        + r.id()
        + " "
        + r.activity()
        + " ["
        + status(r)
        + ", code "
        + r.codeVersion()
        + ", workflow "
        + r.workflowId()
        + (full() ? " run " + r.workflowRunId() : "")
        + "]";
  }

  private static String status(RunRecord r) {
    String s = r.status().toString().toLowerCase(Locale.ROOT);
    return r.attempt() > 1 ? s + ", attempt " + r.attempt() : s;
  }

  private String formatParams(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!full() && shown == MAX_PARAMS) {
        out.append(" ... (").append(params.size() - MAX_PARAMS).append(" more)");
        break;
      }
      out.append(shown == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
      shown++;
    }
    return out.toString();
  }

  private static String formatRunMetrics(Map<String, MetricPoint> last) {
    StringBuilder out = new StringBuilder();
    for (MetricPoint p : last.values()) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(p.key())
          .append('=')
          .append(String.format(Locale.ROOT, "%.4f", p.value()))
          .append(" (step ")
          .append(p.step())
          .append(')');
    }
    return out.toString();
  }

  /**
   * Registry metrics as {@code key=value}, each followed by {@code ± error} where the registry
   * holds its standard error ({@code <dataset>/<split>/se/<metric>}, not listed on its own).
   */
  static String formatMetrics(Map<String, Double> metrics) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(metrics)
        .forEach(
            (k, v) -> {
              String metric = MetricLabels.metricOfStandardError(k);
              if (metric != null && metrics.containsKey(metric)) {
                return; // shown after its metric
              }
              out.append(out.length() == 0 ? "  " : ", ")
                  .append(k)
                  .append('=')
                  .append(String.format(Locale.ROOT, "%.4f", v));
              Double error = metrics.get(MetricLabels.standardErrorKey(k));
              if (error != null) {
                out.append(String.format(Locale.ROOT, " ± %.4f", error));
              }
            });
    return out.toString();
  }

  static String shortUri(String uri) {
    int slash = uri.lastIndexOf('/');
    String last = uri.substring(slash + 1);
    return last.length() > DIGEST_CHARS + 4
        ? uri.substring(0, slash + 1) + last.substring(0, DIGEST_CHARS) + "…"
        : uri;
  }

  private static String shortDigest(String digest) {
    return digest.length() > DIGEST_CHARS ? digest.substring(0, DIGEST_CHARS) + "…" : digest;
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
