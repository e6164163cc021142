package io.missrec.app.cli;

import io.missrec.activities.impl.CodeVersion;
import io.missrec.app.config.Durations;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelSelector;
import io.missrec.app.serve.RecommendationServer;
import io.missrec.app.serve.RecommendationService;
import io.missrec.app.serve.RequestLog;
import io.missrec.app.serve.ServedModel;
import io.missrec.app.serve.ServingMetrics;
import io.missrec.app.serve.StageFollower;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.BatchingRecommender;
import io.missrec.model.serve.UserHistory;
import io.missrec.model.train.LoadedCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code missrec serve}: request-time recommendations over HTTP from a checkpoint or a registered
 * version, for a dataset's users or any history of its items, until stopped (SIGTERM or Ctrl-C).
 */
@Command(
    name = "serve",
    header = "Answer recommendation requests over HTTP.",
    mixinStandardHelpOptions = true,
    description = {
      "Load a model and a dataset's catalogue and answer POST /v1/recommendations",
      "with {\"user\": ID} (the user's latest history in the dataset) or {\"items\":",
      "[ID, ...]} (any history, oldest first, e.g. the current session), optional",
      "\"k\" and \"includeSeen\"; the K best items by full ranking, as `recommend`",
      "lists them. Also GET /v1/model, /healthz and /metrics (Prometheus). Requests",
      "waiting together are scored as one batch. With --follow-stage, a version",
      "promoted into the stage replaces the one served, without a restart. Runs",
      "until SIGTERM or Ctrl-C, then answers what it has accepted and stops."
    })
public final class ServeCommand implements Callable<Integer> {

  @ArgGroup(multiplicity = "1")
  ModelSource source;

  @Mixin DomainOptions data;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "port (default: ${DEFAULT-VALUE}; 0: any free port, printed)")
  int port;

  @Option(
      names = {"-k", "--top"},
      defaultValue = "10",
      description = "list length when a request gives none (default: ${DEFAULT-VALUE})")
  int k;

  @Option(
      names = "--max-k",
      defaultValue = "1000",
      description = "longest list a request may ask for (default: ${DEFAULT-VALUE})")
  int maxK;

  @Option(
      names = "--max-batch",
      defaultValue = "64",
      description = "most requests scored at once (default: ${DEFAULT-VALUE})")
  int maxBatch;

  @Option(
      names = "--queue",
      defaultValue = "1024",
      description = "most requests waiting; beyond, 503 (default: ${DEFAULT-VALUE})")
  int queue;

  @Option(
      names = "--threads",
      defaultValue = "16",
      description = "HTTP handler threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--follow-stage",
      paramLabel = "EVERY",
      description =
          "with --model NAME@STAGE: check the stage every EVERY (e.g. 30s, 5m) and switch to"
              + " the version moved into it, without a restart")
  String followStage;

  @Option(
      names = "--request-log",
      paramLabel = "FILE",
      description =
          "append one JSON line per list served (time, request id, model version, history,"
              + " items, scores) to FILE, for audits and offline evaluation")
  Path requestLog;

  /** Lines the request log may hold in memory while the disk is behind. */
  private static final int LOG_QUEUE = 65_536;

  static Supplier<Settings> environment = Settings::fromEnv;

  /** Told the running server once it answers (tests stop it through {@link Running#stop}). */
  static AtomicReference<Running> started = new AtomicReference<>();

  /** Counted down once everything is closed: the SIGTERM hook holds the JVM until then. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** A started server and the way to stop it as SIGTERM does. */
  record Running(RecommendationServer server, CountDownLatch stop) {}

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
    }
    if (k < 1 || maxK < k || maxBatch < 1 || queue < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "--top, --max-batch, --queue and --threads must be positive, --max-k at least --top");
    }
    Duration every = followStage == null ? null : Durations.parse("--follow-stage", followStage);
    ModelSelector stage = source.selector();
    if (every != null && (stage == null || stage.stage() == null)) {
      throw new IllegalArgumentException(
          "--follow-stage needs --model NAME@production (or @candidate), not a fixed version");
    }
    if (every != null && every.isZero()) {
      throw new IllegalArgumentException("--follow-stage must be longer than 0");
    }
    Settings settings = environment.get();
    ServingMetrics metrics = new ServingMetrics();
    // opened first: a log that cannot be written is refused before the model loads
    RequestLog log = requestLog == null ? null : RequestLog.open(requestLog, LOG_QUEUE);
    try {
      Domain domain = data.load();
      long loading = System.nanoTime();
      ServedModel first = load(domain, source.resolve(settings), metrics);
      double loadSeconds = (System.nanoTime() - loading) / 1e9;
      RecommendationService service = new RecommendationService(domain, first, k, maxK);
      try {
        StageFollower.VersionSource versions =
            every == null ? null : versions(settings, stage, domain, metrics);
        return serve(service, metrics, log, loadSeconds, versions, every);
      } finally {
        // a follower may have swapped: close whichever model answers last
        service.current().close();
      }
    } finally {
      if (log != null) {
        log.close();
      }
      // the model is closed and a fetched checkpoint deleted: a SIGTERM may let the JVM go
      stopped.countDown();
    }
  }

  /** The registry's view of {@code stage}: which version holds it, and that version loaded. */
  private StageFollower.VersionSource versions(
      Settings settings, ModelSelector stage, Domain domain, ServingMetrics metrics) {
    return new StageFollower.VersionSource() {
      @Override
      public String current() {
        return ModelSource.nameOf(ModelFetchCommand.lookup(settings, stage));
      }

      @Override
      public ServedModel load(String version) throws Exception {
        return ServeCommand.this.load(
            domain, ModelSource.fetch(settings, ModelSelector.parse(version), stage), metrics);
      }
    };
  }

  /** Opens a resolved checkpoint on the domain, ready to answer; takes {@code resolved} over. */
  private ServedModel load(Domain domain, ModelSource.Resolved resolved, ServingMetrics metrics)
      throws Exception {
    LoadedCheckpoint loaded = null;
    try {
      loaded = LoadedCheckpoint.open(resolved.dir(), resolved.label(), domain);
      Map<String, Object> about = resolved.scoring(domain, data.source(), loaded.storedInterests());
      about.put("users", UserHistory.latest(domain).size());
      about.put("defaultK", k);
      about.put("codeVersion", CodeVersion.current());
      BatchingRecommender batching =
          new BatchingRecommender(loaded.model(), loaded.items(), maxBatch, queue, metrics::batch);
      return new ServedModel(resolved.name(), about, loaded, batching, resolved);
    } catch (Exception | Error e) {
      if (loaded != null) {
        loaded.close();
      }
      resolved.close();
      throw e;
    }
  }

  /**
   * Listens until SIGTERM (or {@link Running#stop}), then answers what it accepted.
   *
   * @param versions the stage to follow, or null
   */
  private int serve(
      RecommendationService service,
      ServingMetrics metrics,
      RequestLog log,
      double loadSeconds,
      StageFollower.VersionSource versions,
      Duration every)
      throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    RecommendationServer server;
    try {
      server = RecommendationServer.start(host, port, threads, service, metrics, log);
    } catch (java.net.BindException e) {
      throw new IllegalArgumentException(
          "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); choose --port", e);
    }
    // SIGTERM: wake the main thread and hold the JVM until it has answered what it accepted
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "missrec-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Domain domain = service.domain();
    System.out.printf(
        java.util.Locale.ROOT,
        "serving %s on http://%s:%d (%s: %d items, %d users; loaded in %.1f s)%n"
            + "POST /v1/recommendations {\"user\": ID} or {\"items\": [ID, ...]}; GET /v1/model,"
            + " /healthz, /metrics. Stop with Ctrl-C or SIGTERM.%n",
        service.current().name(),
        host,
        server.port(),
        domain.name(),
        domain.numItems(),
        service.users(),
        loadSeconds);
    if (versions != null) {
      System.out.printf(
          "following %s: checked every %s, a version moved into it replaces this one%n",
          source.selector(), followStage);
    }
    if (log != null) {
      System.out.printf("logging each list served to %s%n", requestLog);
    }
    System.out.flush();
    StageFollower follower =
        versions == null ? null : StageFollower.start(service, versions, metrics, every);
    started.set(new Running(server, stop));
    stop.await();
    if (follower != null) {
      follower.close(); // no swap once stopping begins
    }
    // new requests get 503; those being handled are answered, then the queue is scored out
    server.stop(5);
    if (log != null) {
      log.close();
      System.out.printf(
          "request log %s: %d lines written, %d dropped%n",
          requestLog, log.written(), log.dropped());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down (SIGTERM): the hook is what woke us
    }
    System.out.println("stopped");
    return 0;
  }
}
