package io.missrec.app.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.RunRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Walks the lineage store from a model version's checkpoint through the edges into each artifact
 * down to the source datasets, and returns what it met as one {@link LineageGraph}. Each artifact
 * is expanded once, so shared inputs (a snapshot used by several stages) are read once.
 */
public final class LineageGraphReader {
  private final LineageStore lineage;

  public LineageGraphReader(LineageStore lineage) {
    this.lineage = lineage;
  }

  /**
   * @throws NoSuchElementException naming the model version when it is not registered
   */
  public LineageGraph read(ModelVersionRef ref) {
    ModelVersion model =
        ref.version().isPresent()
            ? lineage
                .findModelVersion(ref.name(), ref.version().getAsLong())
                .orElseThrow(() -> notFound(ref))
            : lineage.latestModelVersion(ref.name()).orElseThrow(() -> notFound(ref));
    return read(model);
  }

  public LineageGraph read(ModelVersion model) {
    Map<Long, LineageGraph.RunNode> runs = new LinkedHashMap<>();
    addRun(model.runId(), runs);
    return expand(
        model,
        model.checkpointUri(),
        runs,
        what -> inconsistent(model.name() + ":" + model.version(), what));
  }

  /**
   * The chain behind any recorded artifact (a recommendation list, an evaluation report), as a
   * graph without a model version.
   *
   * @throws NoSuchElementException when the artifact is not recorded
   */
  public LineageGraph readArtifact(String uri) {
    if (lineage.findArtifact(uri).isEmpty()) {
      throw new NoSuchElementException("artifact " + uri + " is not recorded in lineage");
    }
    return expand(null, uri, new LinkedHashMap<>(), what -> inconsistent(uri, what));
  }

  private LineageGraph expand(
      ModelVersion model,
      String root,
      Map<Long, LineageGraph.RunNode> runs,
      java.util.function.Function<String, IllegalStateException> inconsistent) {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    List<LineageEdge> edges = new ArrayList<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      String uri = pending.poll();
      if (artifacts.containsKey(uri)) {
        continue;
      }
      artifacts.put(
          uri,
          lineage
              .findArtifact(uri)
              .orElseThrow(() -> inconsistent.apply("artifact " + uri + " is not recorded")));
      for (LineageEdge edge : lineage.edgesInto(uri)) {
        edges.add(edge);
        addRun(edge.runId(), runs);
        if (edge.inputArtifactUri() != null) {
          pending.add(edge.inputArtifactUri());
        } else if (!datasets.containsKey(edge.inputDatasetDigest())) {
          String digest = edge.inputDatasetDigest();
          datasets.put(
              digest,
              lineage
                  .findDataset(digest)
                  .orElseThrow(() -> inconsistent.apply("dataset " + digest + " is not recorded")));
        }
      }
    }
    return new LineageGraph(model, root, artifacts, datasets, runs, edges);
  }

  private void addRun(long runId, Map<Long, LineageGraph.RunNode> runs) {
    if (runs.containsKey(runId)) {
      return;
    }
    RunRecord run =
        lineage
            .findRun(runId)
            .orElseThrow(() -> new IllegalStateException("run #" + runId + " is not recorded"));
    runs.put(
        runId,
        new LineageGraph.RunNode(
            run, lineage.params(runId), lineage.metrics(runId), lineage.failures(runId)));
  }

  private static NoSuchElementException notFound(ModelVersionRef ref) {
    return new NoSuchElementException(
        "no model version "
            + ref
            + (ref.version().isPresent() ? "" : " (no version registered under that name)"));
  }

  private static IllegalStateException inconsistent(String of, String what) {
    return new IllegalStateException("lineage of " + of + " is inconsistent: " + what);
  }
}
