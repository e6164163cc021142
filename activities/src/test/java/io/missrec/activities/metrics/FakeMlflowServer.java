package io.missrec.activities.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice of the MLflow tracking REST API (2.0) that {@code MlflowClient} calls, kept in memory,
 * recording every request so tests can assert on the JSON that was sent. Like the real server it
 * rejects (400, {@code INVALID_PARAMETER_VALUE}) what MLflow's request validation rejects: key
 * characters and lengths, value lengths, batch sizes, a param key twice in one batch, and a param
 * logged again with another value.
 */
public final class FakeMlflowServer implements AutoCloseable {
  private static final String PREFIX = "/api/2.0/mlflow/";
  private static final Pattern TAG_FILTER = Pattern.compile("tags\\.`([^`]+)` = '(.*)'");
  private static final Pattern NAME_FILTER = Pattern.compile("name = '(.*)'");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** MLflow's {@code _VALID_PARAM_AND_METRIC_NAMES}, also applied to tag keys. */
  private static final Pattern VALID_KEY = Pattern.compile("^[/\\w.\\- :]*$");

  private static final int MAX_KEY_LENGTH = 250;
  private static final int MAX_PARAM_VALUE_LENGTH = 6000;
  private static final int MAX_TAG_VALUE_LENGTH = 8000;
  private static final int MAX_METRICS_PER_BATCH = 1000;
  private static final int MAX_PARAMS_TAGS_PER_BATCH = 100;

  /** One request as received. */
  public record Request(String method, String endpoint, JsonNode body) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, String> experiments = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> runTags = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> runParams = new LinkedHashMap<>();

  public FakeMlflowServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized List<Request> requests(String endpoint) {
    return requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String endpoint = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode body =
        raw.length == 0
            ? JSON.createObjectNode()
            : JSON.readTree(new String(raw, StandardCharsets.UTF_8));
    requests.add(new Request(exchange.getRequestMethod(), endpoint, body));
    ObjectNode reply = JSON.createObjectNode();
    int status = 200;
    switch (endpoint) {
      case "experiments/get-by-name" -> {
        String name = query(exchange, "experiment_name");
        if (experiments.containsKey(name)) {
          reply
              .putObject("experiment")
              .put("experiment_id", experiments.get(name))
              .put("name", name);
        } else {
          status = 404;
          reply.put("error_code", "RESOURCE_DOES_NOT_EXIST").put("message", "no " + name);
        }
      }
      case "experiments/search" -> {
        Matcher filter = NAME_FILTER.matcher(body.path("filter").asText());
        ArrayNode found = reply.putArray("experiments");
        if (filter.matches() && experiments.containsKey(filter.group(1))) {
          found
              .addObject()
              .put("experiment_id", experiments.get(filter.group(1)))
              .put("name", filter.group(1));
        }
      }
      case "experiments/create" -> {
        String id = Integer.toString(experiments.size() + 1);
        experiments.put(body.get("name").asText(), id);
        reply.put("experiment_id", id);
      }
      case "runs/create" -> {
        String invalid = invalidTags(body.path("tags"));
        if (invalid != null) {
          status = 400;
          reply.put("error_code", "INVALID_PARAMETER_VALUE").put("message", invalid);
          break;
        }
        String runId = "run" + (runTags.size() + 1);
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("tags").forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
        runTags.put(runId, tags);
        reply
            .putObject("run")
            .putObject("info")
            .put("run_id", runId)
            .put("run_uuid", runId)
            .put("experiment_id", body.get("experiment_id").asText());
      }
      case "runs/search" -> {
        Matcher filter = TAG_FILTER.matcher(body.path("filter").asText());
        ArrayNode runs = reply.putArray("runs");
        if (filter.matches()) {
          runTags.forEach(
              (runId, tags) -> {
                if (filter.group(2).equals(tags.get(filter.group(1)))) {
                  runs.addObject().putObject("info").put("run_id", runId).put("run_uuid", runId);
                }
              });
        }
      }
      case "runs/log-batch" -> {
        String invalid = invalidBatch(body);
        if (invalid != null) {
          status = 400;
          reply.put("error_code", "INVALID_PARAMETER_VALUE").put("message", invalid);
        }
      }
      case "runs/set-tag", "runs/log-parameter", "runs/log-metric" -> {}
      case "runs/update" ->
          reply
              .putObject("run_info")
              .put("run_id", body.path("run_id").asText())
              .put("status", body.path("status").asText());
      default -> {
        status = 404;
        reply.put("error_code", "ENDPOINT_NOT_FOUND").put("message", endpoint);
      }
    }
    byte[] out = JSON.writeValueAsBytes(reply);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  /** What MLflow's log-batch validation would complain about, or null; records accepted params. */
  private String invalidBatch(JsonNode body) {
    JsonNode metrics = body.path("metrics");
    JsonNode params = body.path("params");
    JsonNode tags = body.path("tags");
    if (metrics.size() > MAX_METRICS_PER_BATCH
        || params.size() > MAX_PARAMS_TAGS_PER_BATCH
        || tags.size() > MAX_PARAMS_TAGS_PER_BATCH
        || metrics.size() + params.size() + tags.size() > MAX_METRICS_PER_BATCH) {
      return "batch too large";
    }
    for (JsonNode metric : metrics) {
      String bad = invalidKey("metric", metric.path("key").asText());
      if (bad != null) {
        return bad;
      }
    }
    String badTag = invalidTags(tags);
    if (badTag != null) {
      return badTag;
    }
    Map<String, String> batch = new LinkedHashMap<>();
    for (JsonNode param : params) {
      String key = param.path("key").asText();
      String value = param.path("value").asText();
      String bad = invalidKey("param", key);
      if (bad != null) {
        return bad;
      }
      if (value.length() > MAX_PARAM_VALUE_LENGTH) {
        return "Param value for '" + key + "' is too long";
      }
      if (batch.put(key, value) != null) {
        return "Duplicate parameter keys have been submitted: " + key;
      }
    }
    Map<String, String> logged =
        runParams.computeIfAbsent(body.path("run_id").asText(), id -> new LinkedHashMap<>());
    for (Map.Entry<String, String> param : batch.entrySet()) {
      String before = logged.get(param.getKey());
      if (before != null && !before.equals(param.getValue())) {
        return "Changing param values is not allowed. Param with key='" + param.getKey() + "'";
      }
    }
    logged.putAll(batch);
    return null;
  }

  private static String invalidTags(JsonNode tags) {
    for (JsonNode tag : tags) {
      String key = tag.path("key").asText();
      String bad = invalidKey("tag", key);
      if (bad != null) {
        return bad;
      }
      if (tag.path("value").asText().length() > MAX_TAG_VALUE_LENGTH) {
        return "Tag value for '" + key + "' is too long";
      }
    }
    return null;
  }

  private static String invalidKey(String what, String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !VALID_KEY.matcher(key).matches()) {
      return "Invalid " + what + " name: '" + key + "'";
    }
    if (!isNormalPath(key)) {
      return "Invalid " + what + " name: '" + key + "' (names may be treated as files)";
    }
    return null;
  }

  /** MLflow's {@code path_not_unique} negated: the key is its own POSIX-normalised path. */
  private static boolean isNormalPath(String key) {
    if (key.startsWith("/") || key.endsWith("/")) {
      return false;
    }
    for (String part : key.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name)) {
        return URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
