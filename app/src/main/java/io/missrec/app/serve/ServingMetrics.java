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
  private final AtomicLong catalogueLoaded = new AtomicLong();
  private final AtomicLong catalogueLoadFailures = new AtomicLong();
  private final AtomicLong shadowLoaded = new AtomicLong();
  private final AtomicLong shadowLoadFailures = new AtomicLong();
  private final AtomicLongArray shadowOutcomes = new AtomicLongArray(ShadowOutcome.values().length);
  private final AtomicLongArray overlap = new AtomicLongArray(OVERLAP_BUCKETS.length);
  private final DoubleAdder overlapSum = new DoubleAdder();

  /** Upper bounds of the shadow overlap buckets. */
  static final double[] OVERLAP_BUCKETS = {0, 0.2, 0.4, 0.6, 0.8, 0.9, 1};

  /** What became of a request the shadow was to score. */
  public enum ShadowOutcome {
    COMPARED,
    SKIPPED,
    FAILED
  }

  /**
   * What the exposition reads besides the counters.
   *
   * @param waiting requests queued for scoring now
   * @param model the {@link ServedModel#name()} answering now
   * @param shadow the shadow model's name, or null when there is none
   * @param log the request log, or null when there is none
   * @param items the items of the catalogue served now
   */
  public record State(int waiting, String model, String shadow, RequestLog log, int items) {}

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

  /** A changed dataset read again and served ({@code ok}), or refused ({@code !ok}). */
  public void catalogueLoad(boolean ok) {
    (ok ? catalogueLoaded : catalogueLoadFailures).incrementAndGet();
  }

  /** As {@link #modelLoad}, for the shadow. */
  public void shadowModelLoad(boolean ok) {
    (ok ? shadowLoaded : shadowLoadFailures).incrementAndGet();
  }

  /**
   * One request the shadow was to score.
   *
   * @param overlap with {@link ShadowOutcome#COMPARED}: the share of the served list it also lists
   */
  public void shadow(ShadowOutcome outcome, double overlap) {
    shadowOutcomes.incrementAndGet(outcome.ordinal());
    if (outcome == ShadowOutcome.COMPARED) {
      for (int i = 0; i < OVERLAP_BUCKETS.length; i++) {
        if (overlap <= OVERLAP_BUCKETS[i] + 1e-9) {
          this.overlap.incrementAndGet(i);
          break;
        }
      }
      overlapSum.add(overlap);
    }
  }

  /** The exposition text. */
  public String render(State state) {
    int waiting = state.waiting();
    String model = state.model();
    RequestLog log = state.log();
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
    histogram(
        out,
        "missrec_serve_request_seconds",
        "Time to answer a recommendation request.",
        BUCKETS,
        latency,
        latencySum.sum(),
        latencyCount.get());
    counter(out, "missrec_serve_batches_total", "Batches scored.", batches.get());
    counter(
        out,
        "missrec_serve_batched_requests_total",
        "Requests scored, over all batches.",
        batched.get());
    out.append("# HELP missrec_serve_waiting Requests queued for scoring.\n");
    out.append("# TYPE missrec_serve_waiting gauge\n");
    out.append("missrec_serve_waiting ").append(waiting).append('\n');
    model(out, "missrec_serve_model", "The model answering requests", model, loaded, loadFailures);
    out.append("# HELP missrec_serve_catalogue_items Items of the catalogue served.\n");
    out.append("# TYPE missrec_serve_catalogue_items gauge\n");
    out.append("missrec_serve_catalogue_items ").append(state.items()).append('\n');
    out.append(
        "# HELP missrec_serve_catalogue_loads_total Readings of a changed dataset, by outcome.\n");
    out.append("# TYPE missrec_serve_catalogue_loads_total counter\n");
    out.append("missrec_serve_catalogue_loads_total{outcome=\"ok\"} ")
        .append(catalogueLoaded.get())
        .append('\n');
    out.append("missrec_serve_catalogue_loads_total{outcome=\"failed\"} ")
        .append(catalogueLoadFailures.get())
        .append('\n');
    if (state.shadow() != null) {
      shadow(out, state.shadow());
    }
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

  private void shadow(StringBuilder out, String model) {
    model(
        out,
        "missrec_serve_shadow_model",
        "The shadow model",
        model,
        shadowLoaded,
        shadowLoadFailures);
    out.append("# HELP missrec_serve_shadow_requests_total Requests the shadow was to score.\n");
    out.append("# TYPE missrec_serve_shadow_requests_total counter\n");
    for (ShadowOutcome outcome : ShadowOutcome.values()) {
      out.append("missrec_serve_shadow_requests_total{outcome=\"")
          .append(outcome.name().toLowerCase(Locale.ROOT))
          .append("\"} ")
          .append(shadowOutcomes.get(outcome.ordinal()))
          .append('\n');
    }
    histogram(
        out,
        "missrec_serve_shadow_overlap",
        "Share of the served list the shadow also lists.",
        OVERLAP_BUCKETS,
        overlap,
        overlapSum.sum(),
        shadowOutcomes.get(ShadowOutcome.COMPARED.ordinal()));
  }

  /**
   * {@code <prefix>_info{model}} (1) and {@code <prefix>_loads_total{outcome}}: which model a role
   * holds, and the loads a stage move set off for it.
   */
  private static void model(
      StringBuilder out,
      String prefix,
      String what,
      String model,
      AtomicLong ok,
      AtomicLong failed) {
    out.append("# HELP ").append(prefix).append("_info ").append(what).append(" (value 1).\n");
    out.append("# TYPE ").append(prefix).append("_info gauge\n");
    out.append(prefix).append("_info{model=\"").append(label(model)).append("\"} 1\n");
    out.append("# HELP ")
        .append(prefix)
        .append("_loads_total Loads after a stage change, by outcome.\n");
    out.append("# TYPE ").append(prefix).append("_loads_total counter\n");
    out.append(prefix).append("_loads_total{outcome=\"ok\"} ").append(ok.get()).append('\n');
    out.append(prefix)
        .append("_loads_total{outcome=\"failed\"} ")
        .append(failed.get())
        .append('\n');
  }

  /**
   * A histogram in the text format.
   *
   * @param counts per bucket of {@code bounds}, not cumulative
   * @param count every observation, those above the last bound included
   */
  private static void histogram(
      StringBuilder out,
      String name,
      String help,
      double[] bounds,
      AtomicLongArray counts,
      double sum,
      long count) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts.get(i);
      out.append(
          String.format(
              Locale.ROOT, "%s_bucket{le=\"%s\"} %d%n", name, bound(bounds[i]), cumulative));
    }
    out.append(String.format(Locale.ROOT, "%s_bucket{le=\"+Inf\"} %d%n", name, count));
    out.append(String.format(Locale.ROOT, "%s_sum %.6f%n", name, sum));
    out.append(String.format(Locale.ROOT, "%s_count %d%n", name, count));
  }

  /** A label value, escaped as the text format wants. */
  private static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
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
