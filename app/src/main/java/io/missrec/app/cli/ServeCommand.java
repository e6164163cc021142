package io.missrec.app.cli;

import io.missrec.app.config.Durations;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelSelector;
import io.missrec.app.serve.Catalogue;
import io.missrec.app.serve.CatalogueFollower;
import io.missrec.app.serve.DatasetFingerprint;
import io.missrec.app.serve.Followers;
import io.missrec.app.serve.ModelSlot;
import io.missrec.app.serve.RecommendationServer;
import io.missrec.app.serve.RecommendationService;
import io.missrec.app.serve.RequestLog;
import io.missrec.app.serve.ServedModel;
import io.missrec.app.serve.ServingMetrics;
import io.missrec.app.serve.ShadowScorer;
import io.missrec.app.serve.StageFollower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
      "promoted into the stage replaces the one served, without a restart. With",
      "--shadow, another version scores a share of the requests off the answer's",
      "path, and its overlap with the served lists is measured. With",
      "--follow-dataset, items added to the dataset are served without a restart or",
      "a retraining (inductive models score any item from its features). Runs until",
      "SIGTERM or Ctrl-C, then answers what it has accepted and stops."
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
      names = "--follow-dataset",
      paramLabel = "EVERY",
      description =
          "check the --dataset folder's files every EVERY (e.g. 30s) and, when they changed,"
              + " read it again and serve its items and histories as they are now")
  String followDataset;

  @Option(
      names = "--request-log",
      paramLabel = "FILE",
      description =
          "append one JSON line per list served (time, request id, model version, history,"
              + " items, scores) to FILE, for audits and offline evaluation")
  Path requestLog;

  @Option(
      names = "--shadow",
      paramLabel = "MODEL",
      description =
          "also score requests with this registered version (NAME:VERSION, NAME@candidate),"
              + " off the answer's path; its overlap with the served lists is measured and logged")
  String shadow;

  @Option(
      names = "--shadow-fraction",
      defaultValue = "1",
      paramLabel = "F",
      description =
          "share of the requests the shadow scores, in (0, 1] (default: ${DEFAULT-VALUE})")
  double shadowFraction;

  /** Lines the request log may hold in memory while the disk is behind. */
  private static final int LOG_QUEUE = 65_536;

  static Supplier<Settings> environment = Settings::fromEnv;

  /** Told the running server once it answers (tests stop it through {@link Running#stop}). */
  static AtomicReference<Running> started = new AtomicReference<>();

  /** Counted down once everything is closed: the SIGTERM hook holds the JVM until then. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** A started server and the way to stop it as SIGTERM does. */
  record Running(RecommendationServer server, CountDownLatch stop) {}

  /** A model slot kept on the version its stage holds. */
  private record Following(
      ModelSelector stage,
      ModelSlot slot,
      StageFollower.VersionSource versions,
      Consumer<Boolean> loads) {}

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
    }
    if (k < 1 || maxK < k || maxBatch < 1 || queue < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "--top, --max-batch, --queue and --threads must be positive, --max-k at least --top");
    }
    if (!(shadowFraction > 0 && shadowFraction <= 1)) {
      throw new IllegalArgumentException(
          "--shadow-fraction must be in (0, 1], got " + shadowFraction);
    }
    Duration every = period("--follow-stage", followStage);
    Duration datasetEvery = period("--follow-dataset", followDataset);
    ModelSelector primaryStage = staged(source.selector());
    ModelSelector shadowSelector = shadow == null ? null : ModelSelector.parse(shadow);
    ModelSelector shadowStage = staged(shadowSelector);
    if (every != null && primaryStage == null && shadowStage == null) {
      throw new IllegalArgumentException(
          "--follow-stage needs --model (or --shadow) NAME@production or NAME@candidate, not a"
              + " fixed version");
    }
    if (datasetEvery != null && data.dataset == null) {
      throw new IllegalArgumentException(
          "--follow-dataset needs --dataset DIR: a --synthetic domain never changes");
    }
    Settings settings = environment.get();
    ServingMetrics metrics = new ServingMetrics();
    // opened first: a log that cannot be written is refused before the model loads
    RequestLog log = requestLog == null ? null : RequestLog.open(requestLog, LOG_QUEUE);
    ServedModel first = null;
    ShadowScorer shadowScorer = null;
    RecommendationService service = null;
    boolean served = false;
    try {
      // the fingerprint before the read: files changed during it are read again at the first check
      // (a folder that is not there is left to the dataset reader, whose error names it)
      String fingerprint =
          datasetEvery == null || !Files.isDirectory(data.dataset)
              ? null
              : DatasetFingerprint.of(data.dataset);
      Catalogue catalogue = new Catalogue(data.load(), fingerprint);
      ServedModels models = new ServedModels(settings, data.source(), k, maxBatch, queue);
      long loading = System.nanoTime();
      first = models.load(source.resolve(settings), catalogue, metrics::batch);
      if (shadowSelector != null) {
        shadowScorer =
            new ShadowScorer(
                new ModelSlot(models.load(shadowSelector, catalogue, size -> {})),
                shadowFraction,
                metrics);
      }
      double loadSeconds = (System.nanoTime() - loading) / 1e9;
      service = new RecommendationService(first, k, maxK, shadowScorer);
      first = null; // the service holds it now, and a follower may swap it
      List<Following> following = new ArrayList<>();
      if (every != null && primaryStage != null) {
        following.add(
            new Following(
                primaryStage,
                service.slot(),
                models.stage(primaryStage, metrics::batch),
                metrics::modelLoad));
      }
      if (every != null && shadowStage != null) {
        following.add(
            new Following(
                shadowStage,
                shadowScorer.slot(),
                models.stage(shadowStage, size -> {}),
                metrics::shadowModelLoad));
      }
      CatalogueFollower catalogueFollower =
          datasetEvery == null
              ? null
              : new CatalogueFollower(
                  ServedModels.catalogues(data),
                  service.slot(),
                  shadowScorer == null ? null : shadowScorer.slot(),
                  metrics::catalogueLoad);
      serve(service, metrics, log, loadSeconds, following, every, catalogueFollower, datasetEvery);
      served = true;
      return 0;
    } finally {
      // the served model scores its queue, then the shadow its own (whose lines go to the log),
      // then the log writes what it holds; a follower may have swapped either model
      if (service != null) {
        service.current().close();
      } else if (first != null) {
        first.close();
      }
      if (shadowScorer != null) {
        shadowScorer.slot().current().close();
      }
      if (log != null) {
        log.close();
        if (served) {
          System.out.printf(
              "request log %s: %d lines written, %d dropped%n",
              requestLog, log.written(), log.dropped());
        }
      }
      if (served) {
        System.out.println("stopped");
      }
      // the models are closed and fetched checkpoints deleted: a SIGTERM may let the JVM go
      stopped.countDown();
    }
  }

  /** The period an option gives, or null when it is not given; refuses zero. */
  private static Duration period(String option, String value) {
    if (value == null) {
      return null;
    }
    Duration every = Durations.parse(option, value);
    if (every.isZero()) {
      throw new IllegalArgumentException(option + " must be longer than 0");
    }
    return every;
  }

  /** {@code selector} when it names a stage, else null. */
  private static ModelSelector staged(ModelSelector selector) {
    return selector != null && selector.stage() != null ? selector : null;
  }

  /** Listens until SIGTERM (or {@link Running#stop}), then answers what it accepted. */
  private void serve(
      RecommendationService service,
      ServingMetrics metrics,
      RequestLog log,
      double loadSeconds,
      List<Following> following,
      Duration every,
      CatalogueFollower catalogueFollower,
      Duration datasetEvery)
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
    Catalogue catalogue = service.catalogue();
    System.out.printf(
        java.util.Locale.ROOT,
        "serving %s on http://%s:%d (%s: %d items, %d users; loaded in %.1f s)%n"
            + "POST /v1/recommendations {\"user\": ID} or {\"items\": [ID, ...]}; GET /v1/model,"
            + " /healthz, /metrics. Stop with Ctrl-C or SIGTERM.%n",
        service.current().name(),
        host,
        server.port(),
        catalogue.domain().name(),
        catalogue.items(),
        catalogue.users(),
        loadSeconds);
    if (service.shadow() != null) {
      System.out.printf(
          java.util.Locale.ROOT,
          "shadow %s scores %.0f%% of the requests; its lists are compared, never answered%n",
          service.shadow().slot().current().name(),
          shadowFraction * 100);
    }
    for (Following f : following) {
      System.out.printf(
          "following %s: checked every %s, a version moved into it replaces %s%n",
          f.stage(), followStage, f.slot().current().name());
    }
    if (catalogueFollower != null) {
      System.out.printf(
          "following %s: checked every %s, items added to it are served without a restart%n",
          data.dataset, followDataset);
    }
    if (log != null) {
      System.out.printf("logging each list served to %s%n", requestLog);
    }
    System.out.flush();
    try (Followers followers = new Followers()) {
      for (Following f : following) {
        StageFollower follower =
            new StageFollower(f.slot(), f.versions(), service::catalogue, f.loads());
        followers.every(every, "stage " + f.stage(), follower::check);
      }
      if (catalogueFollower != null) {
        followers.every(datasetEvery, "dataset", catalogueFollower::check);
      }
      started.set(new Running(server, stop));
      stop.await();
    } // no swap once stopping begins
    // new requests get 503; those being handled are answered (the queues are scored out as the
    // models close)
    server.stop(5);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down (SIGTERM): the hook is what woke us
    }
  }
}
