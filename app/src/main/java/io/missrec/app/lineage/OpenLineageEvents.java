package io.missrec.app.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns a {@link LineageGraph} into OpenLineage run events (spec 2-0-2), one per run, so that
 * Marquez or any OpenLineage consumer can ingest the chain. A run is a job run: job {@code
 * <namespace>/<activity>}, its workflow as the parent facet; inputs and outputs are the datasets
 * and artifacts of its edges, each with a {@code version} facet (the sha256) and a {@code
 * missrec_digest} facet (sha256, size, kind). Run ids are name-based UUIDs of the run's idempotency
 * key, so exporting twice gives the same ids.
 */
public final class OpenLineageEvents {
  public static final String DEFAULT_NAMESPACE = "missrec";
  static final String PRODUCER = "urn:missrec:missrec-platform:0.1.0";
  static final String RUN_EVENT_SCHEMA =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  private static final String VERSION_FACET_SCHEMA =
      "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json"
          + "#/$defs/DatasetVersionDatasetFacet";
  private static final String PARENT_FACET_SCHEMA =
      "https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json#/$defs/ParentRunFacet";
  private static final String CUSTOM_FACET_SCHEMA = PRODUCER + ":facets";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String namespace;

  public OpenLineageEvents(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("OpenLineage namespace is empty");
    }
    this.namespace = namespace;
  }

  /** One event per run of the chain, producers in walk order (the checkpoint's first). */
  public List<ObjectNode> events(LineageGraph graph) {
    List<ObjectNode> events = new ArrayList<>();
    for (LineageGraph.RunNode node : graph.runs().values()) {
      events.add(event(graph, node));
    }
    return events;
  }

  /** The events as JSON Lines (one compact event per line), the form consumers read in bulk. */
  public String jsonLines(LineageGraph graph) {
    StringBuilder out = new StringBuilder();
    for (ObjectNode event : events(graph)) {
      out.append(event.toString()).append('\n');
    }
    return out.toString();
  }

  private ObjectNode event(LineageGraph graph, LineageGraph.RunNode node) {
    RunRecord r = node.run();
    ObjectNode event = JSON.createObjectNode();
    event.put("eventType", eventType(r));
    Instant time = r.finishedAt() != null ? r.finishedAt() : r.startedAt();
    event.put("eventTime", time.toString());
    event.put("producer", PRODUCER);
    event.put("schemaURL", RUN_EVENT_SCHEMA);

    ObjectNode run = event.putObject("run");
    run.put("runId", runUuid(r).toString());
    ObjectNode runFacets = run.putObject("facets");
    ObjectNode parent = facet(runFacets, "parent", PARENT_FACET_SCHEMA);
    parent.putObject("run").put("runId", workflowUuid(r).toString());
    parent.putObject("job").put("namespace", namespace).put("name", r.workflowId());
    ObjectNode details = facet(runFacets, "missrec_run", CUSTOM_FACET_SCHEMA);
    details.put("lineageRunId", r.id());
    details.put("workflowId", r.workflowId());
    details.put("workflowRunId", r.workflowRunId());
    details.put("activity", r.activity());
    details.put("codeVersion", r.codeVersion());
    details.put("attempt", r.attempt());
    details.put("startedAt", r.startedAt().toString());
    ObjectNode params = details.putObject("params");
    node.settings().forEach(params::put);
    ObjectNode metrics = details.putObject("metrics");
    for (MetricPoint p : node.lastMetrics().values()) {
      metrics.put(p.key(), p.value());
    }

    ObjectNode job = event.putObject("job");
    job.put("namespace", namespace);
    job.put("name", r.activity());
    job.putObject("facets");

    Map<String, ObjectNode> inputs = new LinkedHashMap<>();
    Map<String, ObjectNode> outputs = new LinkedHashMap<>();
    for (LineageEdge e : graph.edgesOf(r.id())) {
      if (e.inputArtifactUri() != null) {
        inputs.computeIfAbsent(e.inputArtifactUri(), uri -> artifactDataset(graph.artifact(uri)));
      } else {
        inputs.computeIfAbsent(
            "dataset:" + e.inputDatasetDigest(),
            k -> sourceDataset(graph.datasets().get(e.inputDatasetDigest())));
      }
      outputs.computeIfAbsent(e.outputArtifactUri(), uri -> artifactDataset(graph.artifact(uri)));
    }
    if (inputs.isEmpty()
        && outputs.isEmpty()
        && graph.model() != null
        && r.id() == graph.model().runId()) {
      // The registering run recorded no edges: what it read is the checkpoint.
      inputs.put(graph.model().checkpointUri(), artifactDataset(graph.checkpoint()));
    }
    ArrayNode in = event.putArray("inputs");
    inputs.values().forEach(in::add);
    ArrayNode out = event.putArray("outputs");
    outputs.values().forEach(out::add);
    return event;
  }

  private static String eventType(RunRecord r) {
    return switch (r.status()) {
      case SUCCEEDED -> "COMPLETE";
      case FAILED -> "FAIL";
      case RUNNING -> "RUNNING";
    };
  }

  /** OpenLineage's S3 naming: namespace {@code s3://bucket}, name the object key. */
  private static ObjectNode artifactDataset(ArtifactRef ref) {
    ObjectNode dataset = JSON.createObjectNode();
    dataset.put("namespace", "s3://" + ref.bucket());
    dataset.put("name", ref.key());
    ObjectNode facets = dataset.putObject("facets");
    facet(facets, "version", VERSION_FACET_SCHEMA).put("datasetVersion", ref.sha256());
    facet(facets, "missrec_digest", CUSTOM_FACET_SCHEMA)
        .put("sha256", ref.sha256())
        .put("sizeBytes", ref.sizeBytes())
        .put("kind", ref.kind().id())
        .put("mediaType", ref.mediaType())
        .put("uri", ref.uri());
    return dataset;
  }

  private static ObjectNode sourceDataset(Dataset source) {
    ObjectNode dataset = JSON.createObjectNode();
    String[] name = namespaceAndName(source.uri());
    dataset.put("namespace", name[0]);
    dataset.put("name", name[1]);
    ObjectNode facets = dataset.putObject("facets");
    facet(facets, "version", VERSION_FACET_SCHEMA).put("datasetVersion", source.digest());
    facet(facets, "missrec_digest", CUSTOM_FACET_SCHEMA)
        .put("sha256", source.digest())
        .put("kind", "dataset")
        .put("datasetName", source.name())
        .put("format", source.format())
        .put("uri", source.uri());
    return dataset;
  }

  /** {@code scheme://authority/path} to (scheme://authority, path); a plain path to (file, it). */
  static String[] namespaceAndName(String uri) {
    try {
      URI parsed = new URI(uri);
      if (parsed.getScheme() == null || parsed.getScheme().equals("file")) {
        return new String[] {"file", parsed.getScheme() == null ? uri : parsed.getPath()};
      }
      if (parsed.getAuthority() != null) {
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
        String name = (path.startsWith("/") ? path.substring(1) : path) + query;
        return new String[] {
          parsed.getScheme() + "://" + parsed.getAuthority(), name.isEmpty() ? "/" : name
        };
      }
    } catch (java.net.URISyntaxException e) {
      // not a URI: fall through and keep it whole as the name
    }
    return new String[] {"missrec-dataset", uri};
  }

  private static ObjectNode facet(ObjectNode facets, String name, String schema) {
    return facets.putObject(name).put("_producer", PRODUCER).put("_schemaURL", schema);
  }

  private static UUID runUuid(RunRecord r) {
    return UUID.nameUUIDFromBytes(
        ("missrec-run:" + r.idempotencyKey()).getBytes(StandardCharsets.UTF_8));
  }

  /** Temporal run ids are UUIDs already; anything else gets a name-based one. */
  private static UUID workflowUuid(RunRecord r) {
    try {
      return UUID.fromString(r.workflowRunId());
    } catch (IllegalArgumentException e) {
      return UUID.nameUUIDFromBytes(
          ("missrec-workflow:" + r.workflowId() + "/" + r.workflowRunId())
              .getBytes(StandardCharsets.UTF_8));
    }
  }
}
