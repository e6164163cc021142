package io.missrec.app.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Everything upstream of one model version, read once from the lineage store: its checkpoint, every
 * artifact, dataset and run the checkpoint was made from, and the edges between them. The tree,
 * JSON, DOT and OpenLineage renderers and the verifier all work on this one model. A graph read
 * from another artifact ({@code lineage trace}, or a URI given to the other subcommands) has no
 * model version.
 *
 * @param model the version, or null when the graph is rooted at another artifact
 * @param root the artifact the walk started from: the version's checkpoint, or the traced artifact
 * @param artifacts by URI, in the order the walk from the root met them
 * @param datasets by digest
 * @param runs by id: the registering run first, then producers in walk order
 * @param edges every edge into an artifact of the chain
 */
public record LineageGraph(
    ModelVersion model,
    String root,
    Map<String, ArtifactRef> artifacts,
    Map<String, Dataset> datasets,
    Map<Long, RunNode> runs,
    List<LineageEdge> edges) {

  /**
   * The param under which activities keep their stored return value (for idempotent replays): a
   * record of the run, not a setting.
   */
  public static final String RESULT_PARAM = "result";

  public LineageGraph {
    artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
    runs = Collections.unmodifiableMap(new LinkedHashMap<>(runs));
    edges = List.copyOf(edges);
  }

  /**
   * A run with its params, metrics and, for a run that was retried, why earlier attempts failed.
   */
  public record RunNode(
      RunRecord run,
      Map<String, String> params,
      List<MetricPoint> metrics,
      List<RunFailure> failures) {
    public RunNode {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
      metrics = List.copyOf(metrics);
      failures = List.copyOf(failures);
    }

    /** Params without the stored result. */
    public Map<String, String> settings() {
      Map<String, String> settings = new TreeMap<>(params);
      settings.remove(RESULT_PARAM);
      return settings;
    }

    /** The value at the highest step of each metric key, by key. */
    public Map<String, MetricPoint> lastMetrics() {
      Map<String, MetricPoint> last = new TreeMap<>();
      for (MetricPoint point : metrics) {
        last.merge(point.key(), point, (a, b) -> b.step() >= a.step() ? b : a);
      }
      return last;
    }
  }

  public ArtifactRef artifact(String uri) {
    ArtifactRef ref = artifacts.get(uri);
    if (ref == null) {
      throw new NoSuchElementException("artifact " + uri + " is not in the lineage of " + label());
    }
    return ref;
  }

  public RunNode run(long id) {
    RunNode run = runs.get(id);
    if (run == null) {
      throw new NoSuchElementException("run #" + id + " is not in the lineage of " + label());
    }
    return run;
  }

  public ArtifactRef checkpoint() {
    return artifact(model.checkpointUri());
  }

  public List<LineageEdge> edgesInto(String uri) {
    return edges.stream().filter(e -> e.outputArtifactUri().equals(uri)).toList();
  }

  /** Edges recorded by {@code runId}, in recording order. */
  public List<LineageEdge> edgesOf(long runId) {
    return edges.stream().filter(e -> e.runId() == runId).toList();
  }

  /** {@code name:version}, or the root artifact's URI for a graph without a model version. */
  public String label() {
    return model == null ? root : model.name() + ":" + model.version();
  }
}
