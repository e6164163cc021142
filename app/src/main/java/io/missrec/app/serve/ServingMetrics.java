package io.missrec.app.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The server's counters in the Prometheus text format ({@code GET /metrics}): requests by endpoint
 * and status, a latency histogram of recommendation requests, the batches scored (so the mean batch
 * size under load is {@code batched_requests / batches}), the model served and the model loads a
 * stage change set off, by outcome.
 */
public final class ServingMetrics {
  /** Upper bounds of the latency buckets, seconds. */
  static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10
  };

  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final AtomicLongArray latency = new AtomicLongArray(BUCKETS.length);
  private final AtomicLong latencyCount = new AtomicLong();
  private final DoubleAdder latencySum = new DoubleAdder();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong batched = new AtomicLong();
  private final AtomicLong loaded = new AtomicLong();
  private final AtomicLong loadFailures = new AtomicLong();

  /** One request answered. */
  public void request(String endpoint, int status) {
    requests
        .computeIfAbsent(endpoint + "\u0000" + status, key -> new AtomicLong())
        .incrementAndGet();
  }

  /** The time one recommendation request took, from its arrival to its answer. */
  public void latency(double seconds) {
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        latency.incrementAndGet(i);
        break;
      }
    }
    latencyCount.incrementAndGet();
    latencySum.add(seconds);
  }

  /** One batch of {@code size} requests scored. */
  public void batch(int size) {
    batches.incrementAndGet();
    batched.addAndGet(size);
  }

  /** A model loaded to replace the one served ({@code ok}) or refused ({@code !ok}). */
  public void modelLoad(boolean ok) {
    (ok ? loaded : loadFailures).incrementAndGet();
  }

  /**
   * The exposition text.
   *
   * @param waiting requests queued for scoring now
   * @param model the {@link ServedModel#name()} answering now
   * @param log the request log, or null when there is none
   */
  public String render(int waiting, String model, RequestLog log) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP missrec_serve_requests_total Requests answered, by endpoint and status.\n");
    out.append("# TYPE missrec_serve_requests_total counter\n");
    new TreeMap<>(requests)
        .forEach(
            (key, count) -> {
              String[] parts = key.split("\u0000");
              out.append(
                  String.format(
                      Locale.ROOT,
                      "missrec_serve_requests_total{endpoint=\"%s\",code=\"%s\"} %d%n",
                      parts[0],
                      parts[1],
                      count.get()));
            });
    out.append("# HELP missrec_serve_request_seconds Time to answer a recommendation request.\n");
    out.append("# TYPE missrec_serve_request_seconds histogram\n");
    long cumulative = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cumulative += latency.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "missrec_serve_request_seconds_bucket{le=\"%s\"} %d%n",
              bound(BUCKETS[i]),
              cumulative));
    }
    long count = latencyCount.get();
    out.append(
        String.format(
            Locale.ROOT, "missrec_serve_request_seconds_bucket{le=\"+Inf\"} %d%n", count));
    out.append(
        String.format(Locale.ROOT, "missrec_serve_request_seconds_sum %.6f%n", latencySum.sum()));
    out.append(String.format(Locale.ROOT, "missrec_serve_request_seconds_count %d%n", count));
    counter(out, "missrec_serve_batches_total", "Batches scored.", batches.get());
    counter(
        out,
        "missrec_serve_batched_requests_total",
        "Requests scored, over all batches.",
        batched.get());
    out.append("# HELP missrec_serve_waiting Requests queued for scoring.\n");
    out.append("# TYPE missrec_serve_waiting gauge\n");
    out.append("missrec_serve_waiting ").append(waiting).append('\n');
    out.append("# HELP missrec_serve_model_info The model answering requests (value 1).\n");
    out.append("# TYPE missrec_serve_model_info gauge\n");
    out.append("missrec_serve_model_info{model=\"")
        .append(model.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
        .append("\"} 1\n");
    out.append("# HELP missrec_serve_model_loads_total Models loaded after a stage change.\n");
    out.append("# TYPE missrec_serve_model_loads_total counter\n");
    out.append("missrec_serve_model_loads_total{outcome=\"ok\"} ").append(loaded.get());
    out.append("\nmissrec_serve_model_loads_total{outcome=\"failed\"} ")
        .append(loadFailures.get())
        .append('\n');
    if (log != null) {
      out.append("# HELP missrec_serve_request_log_lines_total Lines of the request log.\n");
      out.append("# TYPE missrec_serve_request_log_lines_total counter\n");
      out.append("missrec_serve_request_log_lines_total{outcome=\"written\"} ")
          .append(log.written())
          .append('\n');
      out.append("missrec_serve_request_log_lines_total{outcome=\"dropped\"} ")
          .append(log.dropped())
          .append('\n');
    }
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static String bound(double seconds) {
    return seconds == Math.rint(seconds)
        ? Long.toString((long) seconds) + ".0"
        : Double.toString(seconds);
  }
}
