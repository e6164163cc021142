package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one activity run produced, recorded together by {@link LineageStore#completeRun}: so a
 * failure before that call leaves no rows, and a retry after it records nothing twice.
 */
public record RunOutputs(
    List<Dataset> datasets,
    List<ArtifactRef> artifacts,
    Map<String, String> params,
    List<MetricPoint> metrics,
    List<Edge> edges) {

  public RunOutputs {
    datasets = List.copyOf(datasets);
    artifacts = List.copyOf(artifacts);
    params = new TreeMap<>(params);
    metrics = List.copyOf(metrics);
    edges = List.copyOf(edges);
  }

  /** An input-to-output edge of the run being completed (its run id is filled in on record). */
  public record Edge(
      String inputDatasetDigest, String inputArtifactUri, String outputArtifactUri, String role) {
    public Edge {
      Objects.requireNonNull(outputArtifactUri, "outputArtifactUri");
      Objects.requireNonNull(role, "role");
    }

    public static Edge fromDataset(String digest, String output, String role) {
      return new Edge(digest, null, output, role);
    }

    public static Edge fromArtifact(String input, String output, String role) {
      return new Edge(null, input, output, role);
    }

    LineageEdge forRun(long runId) {
      return new LineageEdge(inputDatasetDigest, inputArtifactUri, outputArtifactUri, runId, role);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects outputs while an activity works. */
  public static final class Builder {
    private final List<Dataset> datasets = new ArrayList<>();
    private final List<ArtifactRef> artifacts = new ArrayList<>();
    private final Map<String, String> params = new TreeMap<>();
    private final List<MetricPoint> metrics = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    public Builder dataset(Dataset dataset) {
      datasets.add(dataset);
      return this;
    }

    public Builder artifact(ArtifactRef artifact) {
      if (artifacts.stream().noneMatch(a -> a.uri().equals(artifact.uri()))) {
        artifacts.add(artifact);
      }
      return this;
    }

    public Builder params(Map<String, String> values) {
      params.putAll(values);
      return this;
    }

    public Builder metric(MetricPoint point) {
      metrics.add(point);
      return this;
    }

    public Builder edge(Edge edge) {
      if (!edges.contains(edge)) {
        edges.add(edge);
      }
      return this;
    }

    public RunOutputs build() {
      return new RunOutputs(datasets, artifacts, params, metrics, edges);
    }
  }
}
