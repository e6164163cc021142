package io.missrec.app.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.RunRecord;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Renders a {@link LineageGraph} as a Graphviz DOT digraph: datasets (cylinders), artifacts (boxes)
 * and runs (ellipses), with {@code input -> run} edges labelled by role and {@code run -> output}
 * edges, so data flows left to right ({@code dot -Tsvg}).
 */
public final class LineageDot {
  private static final int DIGEST_CHARS = 12;

  public String render(LineageGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote("lineage " + graph.label())).append(" {\n");
    out.append("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
    for (Dataset d : graph.datasets().values()) {
      node(
          out,
          datasetId(d.digest()),
          "dataset " + d.name() + " (" + d.format() + ")\nsha256:" + shortDigest(d.digest()),
          "cylinder");
    }
    for (ArtifactRef a : graph.artifacts().values()) {
      boolean root = a.uri().equals(graph.root());
      node(
          out,
          artifactId(a.uri()),
          (root ? (graph.model() != null ? "model " + graph.label() : "traced") + "\n" : "")
              + a.kind().id()
              + "\nsha256:"
              + shortDigest(a.sha256()),
          root ? "box, style=bold" : "box");
    }
    for (LineageGraph.RunNode node : graph.runs().values()) {
      RunRecord r = node.run();
      node(
          out,
          runId(r.id()),
          "run #"
              + r.id()
              + " "
              + r.activity()
              + "\ncode "
              + r.codeVersion()
              + "\n"
              + r.workflowId(),
          "ellipse");
    }
    Set<String> lines = new LinkedHashSet<>();
    for (LineageEdge e : graph.edges()) {
      String input =
          e.inputArtifactUri() != null
              ? artifactId(e.inputArtifactUri())
              : datasetId(e.inputDatasetDigest());
      lines.add(
          "  "
              + quote(input)
              + " -> "
              + quote(runId(e.runId()))
              + " [label="
              + quote(e.role())
              + "];");
      lines.add(
          "  " + quote(runId(e.runId())) + " -> " + quote(artifactId(e.outputArtifactUri())) + ";");
    }
    if (graph.model() != null) {
      String checkpoint = graph.model().checkpointUri();
      long registrar = graph.model().runId();
      if (graph.edgesInto(checkpoint).stream().noneMatch(e -> e.runId() == registrar)) {
        // registered by a run that did not make the checkpoint (it recorded no edge into it)
        lines.add(
            "  "
                + quote(artifactId(checkpoint))
                + " -> "
                + quote(runId(registrar))
                + " [label=\"registered\", style=dashed];");
      }
    }
    lines.forEach(line -> out.append(line).append('\n'));
    return out.append("}\n").toString();
  }

  private static void node(StringBuilder out, String id, String label, String shape) {
    out.append("  ")
        .append(quote(id))
        .append(" [label=")
        .append(quote(label))
        .append(", shape=")
        .append(shape)
        .append("];\n");
  }

  private static String datasetId(String digest) {
    return "dataset:" + digest;
  }

  private static String artifactId(String uri) {
    return uri;
  }

  private static String runId(long id) {
    return "run:" + id;
  }

  private static String shortDigest(String digest) {
    return digest.substring(0, Math.min(DIGEST_CHARS, digest.length())) + "…";
  }

  /** A DOT double-quoted string: backslashes and quotes escaped, newlines as {@code \n}. */
  static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
