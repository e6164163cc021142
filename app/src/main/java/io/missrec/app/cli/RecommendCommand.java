package io.missrec.app.cli;

import io.missrec.activities.impl.CodeVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.recommend.Coverage;
import io.missrec.app.recommend.RecommendationFile;
import io.missrec.app.recommend.UserSelection;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.ExposureStats;
import io.missrec.model.serve.Recommendation;
import io.missrec.model.serve.TopKRecommender;
import io.missrec.model.serve.UserHistory;
import io.missrec.model.train.LoadedCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code missrec recommend}: top-K lists for a domain's users from a checkpoint or a registered
 * model version, by full ranking over every item of the domain.
 */
@Command(
    name = "recommend",
    header = "Write top-K recommendations for a domain's users.",
    mixinStandardHelpOptions = true,
    description = {
      "Score every item of the domain for each user's latest history (the test",
      "example with its target: all the dataset knows) and write the K best per",
      "user, without the items already in that history, as JSON Lines with the",
      "dataset's own user and item ids; FILE.meta.json records the model,",
      "checkpoint, dataset and options. An inductive model also serves a new",
      "domain with the same feature widths (cold start): its interests are then",
      "discovered on that domain. --workflow runs it as a durable workflow",
      "instead (ingest, features and lists on the workers; the lists stored in",
      "S3 with lineage from the model version and the dataset snapshot)."
    })
public final class RecommendCommand implements Callable<Integer> {

  @ArgGroup(multiplicity = "1")
  ModelSource source;

  @Mixin DomainOptions data;

  @Option(
      names = {"-k", "--top"},
      defaultValue = "10",
      description = "items per user (default: ${DEFAULT-VALUE})")
  int k;

  @Option(
      names = "--include-seen",
      description = "also recommend items already in the user's history")
  boolean includeSeen;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description = "serve only these users: one dataset user id per line (default: all)")
  Path users;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "output file (default: recommendations/<dataset>.jsonl)")
  Path out;

  @Option(names = "--batch-size", defaultValue = "256", description = "users scored at once")
  int batchSize;

  @Option(
      names = "--workflow",
      description =
          "run as the recommendation workflow on the cluster's workers (TEMPORAL_ADDRESS) or"
              + " a worker in this process: lists stored in S3 with lineage; -o downloads them")
  boolean workflow;

  @Option(
      names = "--encoder",
      paramLabel = "MODALITY=ENCODER",
      description =
          "with --workflow: item features as transfer names them, repeatable (default: the"
              + " standard precomputed features)")
  Map<String, String> encoders = new LinkedHashMap<>();

  @Option(
      names = "--request-id",
      description =
          "with --workflow: idempotency key; a start retried with the same key attaches to the"
              + " first run (default: a new key per call, so each call serves the data anew)")
  String requestId;

  @Mixin FollowOptions follow;

  static Supplier<Settings> environment = Settings::fromEnv;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (k < 1) {
      throw new IllegalArgumentException("--top must be at least 1, got " + k);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (workflow) {
      return new RecommendThroughWorkflow(this).run(environment.get());
    }
    if (!encoders.isEmpty() || requestId != null || follow.detach) {
      throw new IllegalArgumentException("--encoder, --request-id and --detach need --workflow");
    }
    try (ModelSource.Resolved model = source.resolve(environment.get())) {
      return recommend(model);
    }
  }

  private int recommend(ModelSource.Resolved model) {
    Domain domain = data.load();
    List<UserHistory> served =
        users != null ? UserSelection.listed(domain, users) : UserHistory.latest(domain);
    Path file = out != null ? out : Path.of("recommendations", domain.name() + ".jsonl");
    long started = System.nanoTime();
    List<Recommendation> lists;
    boolean storedInterests;
    double loadSeconds;
    // refuses a checkpoint that does not fit the domain (exit 2) before loading it
    try (LoadedCheckpoint loaded = LoadedCheckpoint.open(model.dir(), model.label(), domain)) {
      storedInterests = loaded.storedInterests();
      loadSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      lists =
          new TopKRecommender(batchSize)
              .recommend(loaded.model(), loaded.items(), served, k, !includeSeen);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> provenance = model.scoring(domain, data.source(), storedInterests);
    provenance.put("users", served.size());
    provenance.put("k", k);
    provenance.put("excludeSeen", !includeSeen);
    ExposureStats exposure = ExposureStats.of(domain.numItems(), served, lists);
    provenance.put("exposure", exposureFields(exposure));
    provenance.put("codeVersion", CodeVersion.current());
    RecommendationFile.write(file, domain, served, lists, provenance);

    System.out.printf(
        Locale.ROOT,
        "recommended %d items to each of %d users (%d listed in all) in %.1f s (%.0f users/s;"
            + " model and items loaded in %.1f s)%n",
        k,
        served.size(),
        exposure.slots(),
        seconds,
        served.size() / Math.max(seconds, 1e-9),
        loadSeconds);
    System.out.println(Coverage.describe(exposure, storedInterests));
    System.out.println(file + "  (provenance in " + RecommendationFile.metaOf(file) + ")");
    return 0;
  }

  /** The sidecar's {@code exposure} object. */
  private static Map<String, Object> exposureFields(ExposureStats exposure) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("slots", exposure.slots());
    fields.put("distinctItems", exposure.distinctItems());
    fields.put("coverage", exposure.coverage());
    fields.put("gini", exposure.gini());
    fields.put("headShare", exposure.headShare());
    return fields;
  }
}
