package io.missrec.app.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of a {@link RecommendationService} (JDK {@code HttpServer}, JSON):
 *
 * <ul>
 *   <li>{@code POST /v1/recommendations}: a {@link ServeRequest}; 200 with the list (header {@code
 *       X-Missrec-Model}: the model that scored it), 400 naming the field at fault, 413 for a body
 *       over 1 MiB, 503 when the queue is full or the server is stopping;
 *   <li>{@code GET /v1/model}: what is served (model, checkpoint, dataset, sizes, code version);
 *   <li>{@code GET /healthz}: 200 once the model is loaded, 503 once stopping;
 *   <li>{@code GET /metrics}: {@link ServingMetrics} in the Prometheus text format.
 * </ul>
 */
public final class RecommendationServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecommendationServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;
  private static final long ANSWER_TIMEOUT_S = 30;

  /** Response header naming the model that scored the list ({@link ServedModel#name()}). */
  public static final String MODEL_HEADER = "X-Missrec-Model";

  /** Request header a caller may set to its own id (echoed, and logged); else one is made. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final java.util.regex.Pattern REQUEST_ID =
      java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,128}");

  private final HttpServer http;
  private final ExecutorService handlers;
  private final RecommendationService service;
  private final ServingMetrics metrics;
  private final RequestLog log;
  // exchanges being handled: a stop waits for them rather than for the whole grace period
  private final AtomicInteger handling = new AtomicInteger();
  private volatile boolean stopping;

  private RecommendationServer(
      HttpServer http,
      ExecutorService handlers,
      RecommendationService service,
      ServingMetrics metrics,
      RequestLog log) {
    this.http = http;
    this.handlers = handlers;
    this.service = service;
    this.metrics = metrics;
    this.log = log;
  }

  /**
   * Binds and starts answering.
   *
   * @param port 0 for any free port ({@link #port()} tells which)
   * @param threads request handler threads (parsing and waiting; scoring has its own thread)
   * @param log where each list served is logged, or null
   */
  public static RecommendationServer start(
      String host,
      int port,
      int threads,
      RecommendationService service,
      ServingMetrics metrics,
      RequestLog log)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 128);
    ExecutorService handlers = Executors.newFixedThreadPool(threads, daemon());
    RecommendationServer server = new RecommendationServer(http, handlers, service, metrics, log);
    server.route("/v1/recommendations", server::recommendations);
    server.route("/v1/model", e -> server.get(e, "model", server::modelBody));
    server.route("/healthz", server::health);
    server.route("/metrics", e -> server.get(e, "metrics", server::metricsBody));
    http.createContext("/", e -> server.counted(e, server::notFound));
    http.setExecutor(handlers);
    http.start();
    return server;
  }

  /** Contexts match by prefix: {@code handler} answers {@code path} exactly, else 404. */
  private void route(String path, HttpHandler handler) {
    http.createContext(
        path,
        e ->
            counted(
                e,
                exchange -> {
                  if (exchange.getRequestURI().getPath().equals(path)) {
                    handler.handle(exchange);
                  } else {
                    notFound(exchange);
                  }
                }));
  }

  private void counted(HttpExchange exchange, HttpHandler handler) throws IOException {
    handling.incrementAndGet();
    try {
      handler.handle(exchange);
    } finally {
      handling.decrementAndGet();
    }
  }

  /** 200 while serving; 503 once stopping, so a load balancer takes this server out first. */
  private void health(HttpExchange exchange) throws IOException {
    if (stopping && exchange.getRequestMethod().equals("GET")) {
      answer(exchange, "healthz", 503, error("stopping"));
    } else {
      get(exchange, "healthz", () -> "ok\n");
    }
  }

  private void notFound(HttpExchange exchange) throws IOException {
    answer(exchange, "other", 404, error("no such endpoint"));
  }

  /** The port bound. */
  public int port() {
    return http.getAddress().getPort();
  }

  private void recommendations(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    String endpoint = "recommendations";
    String requestId = exchange.getRequestHeaders().getFirst(REQUEST_ID_HEADER);
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      requestId = java.util.UUID.randomUUID().toString();
    }
    exchange.getResponseHeaders().set(REQUEST_ID_HEADER, requestId);
    try {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        answer(exchange, endpoint, 405, error("use POST"));
        return;
      }
      byte[] body = readBody(exchange);
      if (body == null) {
        answer(exchange, endpoint, 413, error("body over " + MAX_BODY + " bytes"));
        return;
      }
      if (stopping) {
        answer(exchange, endpoint, 503, error("stopping"));
        return;
      }
      ServeRequest request = ServeRequest.parse(body);
      RecommendationService.Answer answer =
          service.recommend(request).get(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
      exchange.getResponseHeaders().set(MODEL_HEADER, answer.model());
      answer(exchange, endpoint, 200, JSON.writeValueAsBytes(answer.list()));
      if (log != null) {
        logServed(requestId, request, answer, (System.nanoTime() - started) / 1e9);
      }
    } catch (BadRequestException e) {
      answer(exchange, endpoint, 400, error(e.getMessage()));
    } catch (RejectedExecutionException e) {
      answer(exchange, endpoint, 503, error("busy: " + e.getMessage()));
    } catch (TimeoutException e) {
      answer(exchange, endpoint, 503, error("no answer within " + ANSWER_TIMEOUT_S + " s"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer(exchange, endpoint, 503, error("stopping"));
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof RejectedExecutionException) {
        answer(exchange, endpoint, 503, error("busy: " + cause.getMessage()));
      } else {
        LOG.error("recommendation request failed", cause);
        answer(exchange, endpoint, 500, error("scoring failed: " + cause));
      }
    } finally {
      metrics.latency((System.nanoTime() - started) / 1e9);
    }
  }

  /** The log line, once the shadow (if it compares this request) has its list too. */
  private void logServed(
      String requestId, ServeRequest request, RecommendationService.Answer answer, double seconds) {
    java.time.Instant time = java.time.Instant.now();
    if (answer.shadow() == null) {
      log.served(time, requestId, request, answer, seconds, null);
      return;
    }
    answer
        .shadow()
        .whenComplete(
            (shadow, failure) ->
                log.served(
                    time,
                    requestId,
                    request,
                    answer,
                    seconds,
                    failure == null ? shadow : Map.of("error", String.valueOf(failure))));
  }

  private interface Body {
    Object get() throws IOException;
  }

  private void get(HttpExchange exchange, String endpoint, Body body) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      answer(exchange, endpoint, 405, error("use GET"));
      return;
    }
    Object value = body.get();
    if (value instanceof String text) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      send(exchange, endpoint, 200, text.getBytes(StandardCharsets.UTF_8));
    } else {
      answer(exchange, endpoint, 200, (byte[]) value);
    }
  }

  private String metricsBody() {
    ShadowScorer shadow = service.shadow();
    return metrics.render(
        new ServingMetrics.State(
            service.waiting(),
            service.current().name(),
            shadow == null ? null : shadow.slot().current().name(),
            log,
            service.catalogue().items()));
  }

  private byte[] modelBody() throws IOException {
    Map<String, Object> about = new java.util.LinkedHashMap<>(service.current().about());
    about.put("users", service.users()); // the catalogue's, whichever model serves them
    if (service.shadow() != null) {
      about.put("shadow", service.shadow().slot().current().about());
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(about);
  }

  /** The body, or null when it is over {@link #MAX_BODY}. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      return body.length > MAX_BODY ? null : body;
    }
  }

  private static byte[] error(String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("error", message));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(HttpExchange exchange, String endpoint, int status, byte[] json)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    send(exchange, endpoint, status, json);
  }

  private void send(HttpExchange exchange, String endpoint, int status, byte[] body)
      throws IOException {
    metrics.request(endpoint, status);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Answers 503 to new requests (and to {@code /healthz}), waits up to {@code graceSeconds} for the
   * requests being handled to be answered, then closes the port and stops the handler threads. The
   * service's model is the caller's to close.
   */
  public void stop(int graceSeconds) {
    stopping = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
    try {
      while (handling.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // JDK 17's HttpServer.stop(n) waits all n seconds even when idle: the wait above is the grace
    http.stop(0);
    handlers.shutdown();
    try {
      handlers.awaitTermination(graceSeconds + 1L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(2);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "missrec-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
