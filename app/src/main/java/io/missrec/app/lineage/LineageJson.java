package io.missrec.app.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunRecord;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Renders a {@link LineageGraph} as one JSON document for tools: {@code root} (the artifact the
 * chain ends in), {@code model} (null for a traced artifact), {@code runs} (with every param and
 * metric point), {@code artifacts}, {@code datasets} and {@code edges}, all referring to each other
 * by URI, digest and run id.
 */
public final class LineageJson {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String render(LineageGraph graph) {
    try {
      return JSON.writeValueAsString(toTree(graph));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the lineage of " + graph.label(), e);
    }
  }

  public ObjectNode toTree(LineageGraph graph) {
    ObjectNode root = JSON.createObjectNode();
    root.put("root", graph.root());
    ModelVersion mv = graph.model();
    if (mv == null) {
      root.putNull("model");
    } else {
      model(root, graph, mv);
    }
    runs(root, graph);
    artifactsAndDatasets(root, graph);
    edges(root, graph);
    return root;
  }

  private static void model(ObjectNode root, LineageGraph graph, ModelVersion mv) {
    ObjectNode model = root.putObject("model");
    model.put("name", mv.name());
    model.put("version", mv.version());
    model.put("stage", mv.stage().dbValue());
    model.put("checkpoint", mv.checkpointUri());
    model.put("checkpointSha256", graph.checkpoint().sha256());
    model.put("registeredByRun", mv.runId());
    model.put("createdAt", text(mv.createdAt()));
    ObjectNode modelMetrics = model.putObject("metrics");
    new TreeMap<>(mv.metrics()).forEach(modelMetrics::put);
  }

  private static void runs(ObjectNode root, LineageGraph graph) {
    ArrayNode runs = root.putArray("runs");
    for (LineageGraph.RunNode node : graph.runs().values()) {
      RunRecord r = node.run();
      ObjectNode run = runs.addObject();
      run.put("id", r.id());
      run.put("activity", r.activity());
      run.put("workflowId", r.workflowId());
      run.put("workflowRunId", r.workflowRunId());
      run.put("codeVersion", r.codeVersion());
      run.put("status", r.status().dbValue());
      run.put("attempt", r.attempt());
      run.put("startedAt", text(r.startedAt()));
      run.put("finishedAt", text(r.finishedAt()));
      ObjectNode params = run.putObject("params");
      node.params().forEach(params::put);
      ArrayNode metrics = run.putArray("metrics");
      for (MetricPoint p : node.metrics()) {
        metrics.addObject().put("key", p.key()).put("value", p.value()).put("step", p.step());
      }
      ArrayNode failures = run.putArray("failedAttempts");
      for (RunFailure f : node.failures()) {
        failures
            .addObject()
            .put("attempt", f.attempt())
            .put("source", f.source().dbValue())
            .put("reason", f.reason())
            .put("recordedAt", text(f.recordedAt()));
      }
    }
  }

  private static void artifactsAndDatasets(ObjectNode root, LineageGraph graph) {
    ArrayNode artifacts = root.putArray("artifacts");
    for (ArtifactRef ref : graph.artifacts().values()) {
      artifacts
          .addObject()
          .put("uri", ref.uri())
          .put("kind", ref.kind().id())
          .put("sha256", ref.sha256())
          .put("sizeBytes", ref.sizeBytes())
          .put("mediaType", ref.mediaType());
    }

    ArrayNode datasets = root.putArray("datasets");
    for (Dataset d : graph.datasets().values()) {
      datasets
          .addObject()
          .put("sha256", d.digest())
          .put("name", d.name())
          .put("format", d.format())
          .put("uri", d.uri());
    }
  }

  private static void edges(ObjectNode root, LineageGraph graph) {
    ArrayNode edges = root.putArray("edges");
    for (LineageEdge e : graph.edges()) {
      ObjectNode edge = edges.addObject();
      if (e.inputArtifactUri() != null) {
        edge.put("inputArtifact", e.inputArtifactUri());
      } else {
        edge.put("inputDataset", e.inputDatasetDigest());
      }
      edge.put("output", e.outputArtifactUri());
      edge.put("run", e.runId());
      edge.put("role", e.role());
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
