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
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    Map<Long, LineageGraph.RunNode> runs = new LinkedHashMap<>();
    List<LineageEdge> edges = new ArrayList<>();
    addRun(model.runId(), runs);

    Deque<String> pending = new ArrayDeque<>();
    pending.add(model.checkpointUri());
    while (!pending.isEmpty()) {
      String uri = pending.poll();
      if (artifacts.containsKey(uri)) {
        continue;
      }
      artifacts.put(
          uri,
          lineage
              .findArtifact(uri)
              .orElseThrow(() -> inconsistent(model, "artifact " + uri + " is not recorded")));
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
                  .orElseThrow(
                      () -> inconsistent(model, "dataset " + digest + " is not recorded")));
        }
      }
    }
    return new LineageGraph(model, artifacts, datasets, runs, edges);
  }

  private void addRun(long runId, Map<Long, LineageGraph.RunNode> runs) {
    if (runs.containsKey(runId)) {
      return;
    }
    RunRecord run =
        lineage
            .findRun(runId)
            .orElseThrow(() -> new IllegalStateException("run #" + runId + " is not recorded"));
    runs.put(runId, new LineageGraph.RunNode(run, lineage.params(runId), lineage.metrics(runId)));
  }

  private static NoSuchElementException notFound(ModelVersionRef ref) {
    return new NoSuchElementException(
        "no model version "
            + ref
            + (ref.version().isPresent() ? "" : " (no version registered under that name)"));
  }

  private static IllegalStateException inconsistent(ModelVersion model, String what) {
    return new IllegalStateException(
        "lineage of " + model.name() + ":" + model.version() + " is inconsistent: " + what);
  }
}
