package io.missrec.app.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.RunRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Renders where a model version comes from, read back from the lineage tables: version, checkpoint,
 * the run that made it (activity, workflow, code version, params), its inputs and theirs, down to
 * the datasets by digest. An artifact reached twice is expanded only the first time.
 */
public final class LineageTree {
  private static final int DIGEST_CHARS = 12;
  private static final int MAX_PARAMS = 8;

  private final LineageStore lineage;
  private final DatasetNames datasets;

  public LineageTree(LineageStore lineage, DataSource dataSource) {
    this.lineage = lineage;
    this.datasets = new DatasetNames(dataSource);
  }

  /** The tree of {@code name} version {@code version}, one line per node. */
  public List<String> render(String name, long version) {
    ModelVersion mv =
        lineage
            .findModelVersion(name, version)
            .orElseThrow(
                () -> new IllegalArgumentException("no model version " + name + " v" + version));
    List<String> lines = new ArrayList<>();
    lines.add(
        "model "
            + mv.name()
            + " v"
            + mv.version()
            + "  stage "
            + mv.stage().toString().toLowerCase(Locale.ROOT)
            + formatMetrics(mv.metrics()));
    lines.add("└─ registered by " + runLabel(mv.runId()));
    Set<String> seen = new HashSet<>();
    artifact(mv.checkpointUri(), "checkpoint", "   ", lines, seen);
    return lines;
  }

  private void artifact(
      String uri, String role, String indent, List<String> lines, Set<String> seen) {
    Optional<ArtifactRef> ref = lineage.findArtifact(uri);
    String label =
        ref.map(r -> r.kind().id() + " " + shortUri(uri) + " (" + size(r.sizeBytes()) + ")")
            .orElse(shortUri(uri) + " (not recorded)");
    lines.add(indent + "└─ " + role + ": " + label);
    String child = indent + "   ";
    if (!seen.add(uri)) {
      lines.add(child + "(inputs shown above)");
      return;
    }
    List<LineageEdge> edges = lineage.edgesInto(uri);
    Map<Long, List<LineageEdge>> byRun = new TreeMap<>();
    for (LineageEdge edge : edges) {
      byRun.computeIfAbsent(edge.runId(), r -> new ArrayList<>()).add(edge);
    }
    for (Map.Entry<Long, List<LineageEdge>> run : byRun.entrySet()) {
      lines.add(child + "made by " + runLabel(run.getKey()));
      String params = formatParams(lineage.params(run.getKey()));
      if (!params.isEmpty()) {
        lines.add(child + "  params " + params);
      }
      for (LineageEdge edge : run.getValue()) {
        if (edge.inputArtifactUri() != null) {
          artifact(edge.inputArtifactUri(), edge.role(), child, lines, seen);
        } else {
          lines.add(
              child
                  + "└─ "
                  + edge.role()
                  + ": dataset "
                  + datasets.describe(edge.inputDatasetDigest()).orElse("?")
                  + " sha256:"
                  + shortDigest(edge.inputDatasetDigest()));
        }
      }
    }
  }

  private String runLabel(long runId) {
    return lineage
        .findRun(runId)
        .map(
            r ->
                "run #"
                    + r.id()
                    + " "
                    + r.activity()
                    + " ["
                    + status(r)
                    + ", code "
                    + r.codeVersion()
                    + ", workflow "
                    + r.workflowId()
                    + "]")
        .orElse("run #" + runId + " (not recorded)");
  }

  private static String status(RunRecord r) {
    String s = r.status().toString().toLowerCase(Locale.ROOT);
    return r.attempt() > 1 ? s + ", attempt " + r.attempt() : s;
  }

  private static String formatParams(Map<String, String> all) {
    // "result" is the activity's stored return value (for idempotent replays), not a setting
    Map<String, String> params = new TreeMap<>(all);
    params.remove("result");
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (shown == MAX_PARAMS) {
        out.append(" ... (").append(params.size() - MAX_PARAMS).append(" more)");
        break;
      }
      out.append(shown == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
      shown++;
    }
    return out.toString();
  }

  private static String formatMetrics(Map<String, Double> metrics) {
    if (metrics.isEmpty()) {
      return "";
    }
    Map<String, String> shown = new LinkedHashMap<>();
    new TreeMap<>(metrics).forEach((k, v) -> shown.put(k, String.format(Locale.ROOT, "%.4f", v)));
    return "  " + shown.toString().replace("{", "").replace("}", "");
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
