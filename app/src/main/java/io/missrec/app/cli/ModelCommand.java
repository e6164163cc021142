package io.missrec.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.ModelStage;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.StageEvent;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ComparisonTable;
import io.missrec.app.registry.ModelComparison;
import io.missrec.app.registry.ModelRef;
import io.missrec.app.registry.ModelRegistry;
import io.missrec.app.registry.PromotionRefusedException;
import io.missrec.app.registry.TestNdcg;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.LineageDatabase;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code missrec model list|promote|history|compare}: the model registry in the lineage database.
 */
@Command(
    name = "model",
    header = "List, compare, promote and fetch registered model versions.",
    mixinStandardHelpOptions = true,
    description = {
      "Registered model versions: list them, compare two, move one to a stage, or fetch",
      "one's checkpoint. The lineage database is $MISSREC_JDBC_URL, else the embedded",
      "one under $MISSREC_DATA (where `./missrec demo` records); compare and fetch also",
      "read from S3."
    },
    subcommands = {
      ModelCommand.ListVersions.class,
      ModelCommand.Promote.class,
      ModelCommand.History.class,
      ModelCommand.Compare.class,
      ModelFetchCommand.class
    })
public final class ModelCommand implements Runnable {
  /** Where the services are; tests replace it. */
  static Supplier<Settings> environment = Settings::fromEnv;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List model versions (of one name, or all) with stage and test NDCG@10.")
  static final class ListVersions implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "model name (default: every name)")
    String name;

    @Override
    public Integer call() {
      try (LineageDatabase db = LineageDatabase.open(environment.get())) {
        List<ModelVersion> versions = new ModelRegistry(db.store()).list(name);
        PrintStream out = System.out;
        if (versions.isEmpty()) {
          out.println(name == null ? "no model versions registered" : "no versions of " + name);
          return name == null ? 0 : 1;
        }
        out.printf(
            Locale.ROOT,
            "%-40s  %-10s  %-10s  %-8s  %-20s  %s%n",
            "model",
            "stage",
            "NDCG@10",
            "s.e.",
            "test data",
            "created");
        for (ModelVersion v : versions) {
          Map<String, Double> ndcg = TestNdcg.perDataset(v);
          out.printf(
              Locale.ROOT,
              "%-40s  %-10s  %-10s  %-8s  %-20s  %s%n",
              v.name() + ":" + v.version(),
              v.stage().dbValue(),
              fourDigits(TestNdcg.mean(ndcg)),
              fourDigits(TestNdcg.standardErrorOfMean(v)),
              ndcg.isEmpty() ? "-" : String.join(",", ndcg.keySet()),
              v.createdAt());
        }
        return 0;
      }
    }
  }

  @Command(
      name = "promote",
      header = "Move a model version to a stage, production gated on test NDCG@10.",
      mixinStandardHelpOptions = true,
      description = {
        "Move a model version to a stage. Production is refused unless the version's test",
        "NDCG@10 is not worse than the current production version's (same test datasets);",
        "the previous production version is archived."
      })
  static final class Promote implements Callable<Integer> {
    @Parameters(index = "0", description = "model version, name:version")
    String model;

    @Option(
        names = "--stage",
        required = true,
        description = "candidate, production, archived or none")
    ModelStage stage;

    @Override
    public Integer call() {
      ModelRef ref;
      try {
        ref = ModelRef.parse(model);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return CliErrors.BAD_INPUT;
      }
      try (LineageDatabase db = LineageDatabase.open(environment.get())) {
        ModelVersion moved = new ModelRegistry(db.store()).promote(ref, stage);
        Map<String, Double> ndcg = TestNdcg.perDataset(moved);
        System.out.printf(
            Locale.ROOT,
            "%s:%d is now %s%s%n",
            moved.name(),
            moved.version(),
            moved.stage().dbValue(),
            ndcg.isEmpty()
                ? ""
                : " (test NDCG@10 "
                    + fourDigits(TestNdcg.mean(ndcg))
                    + standardErrorNote(TestNdcg.standardErrorOfMean(moved))
                    + ")");
        return 0;
      } catch (PromotionRefusedException e) {
        System.err.println(e.getMessage());
        return 1;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return CliErrors.BAD_INPUT;
      }
    }
  }

  @Command(
      name = "compare",
      header = "Compare two model versions user by user on their shared test sets.",
      mixinStandardHelpOptions = true,
      description = {
        "Compare two model versions user by user on every test set both were",
        "evaluated on (read from their evaluation reports in S3): each metric, the",
        "mean per-user difference and its paired standard error. The two models'",
        "errors on the same users are correlated, so this error is smaller than",
        "either version's own; |z| above about 2 means the test set separates them."
      })
  static final class Compare implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "model version, name:version")
    String baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "model version, name:version")
    String candidate;

    @Option(
        names = "--cutoffs",
        split = ",",
        defaultValue = "10,50",
        description =
            "cutoffs K of NDCG@K and Recall@K (default: ${DEFAULT-VALUE}, the protocol's)")
    List<Integer> cutoffs;

    @Override
    public Integer call() {
      ModelRef a = ModelRef.parse(baseline);
      ModelRef b = ModelRef.parse(candidate);
      List<ModelComparison.TestSet> sets;
      try (EmbeddedStack stack = EmbeddedStack.startStorage(environment.get());
          HikariDataSource dataSource =
              stack.settings().database().toDataSource("missrec-model-compare")) {
        sets =
            new ModelComparison(
                    new JdbcLineageStore(dataSource),
                    S3ArtifactStore.connect(stack.settings().s3()))
                .compare(a, b, cutoffs);
      }
      ComparisonTable.render(a, b, sets).forEach(System.out::println);
      return 0;
    }
  }

  /** A metric to four decimals, or {@code -} where there is none (NaN). */
  static String fourDigits(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String standardErrorNote(double standardError) {
    return Double.isNaN(standardError) ? "" : ", s.e. " + fourDigits(standardError);
  }

  @Command(
      name = "history",
      header = "Every stage decision on a model name's versions, oldest first.",
      mixinStandardHelpOptions = true,
      description = {
        "Every stage decision on a model name's versions, oldest first: promotions,",
        "archivals of replaced production versions, and refusals by the NDCG@10 gate,",
        "with the reason."
      })
  static final class History implements Callable<Integer> {
    @Parameters(index = "0", description = "model name")
    String name;

    @Override
    public Integer call() {
      try (LineageDatabase db = LineageDatabase.open(environment.get())) {
        List<StageEvent> events = db.store().stageEvents(name);
        if (events.isEmpty()) {
          System.out.println("no stage decisions recorded for " + name);
          return 0;
        }
        for (StageEvent e : events) {
          System.out.printf(
              Locale.ROOT,
              "%s  %s:%d  %s -> %s  %s  (production then: %s)  %s%n",
              e.recordedAt(),
              e.name(),
              e.version(),
              e.from().dbValue(),
              e.to().dbValue(),
              e.decision().dbValue(),
              e.productionVersion() == null ? "none" : "v" + e.productionVersion(),
              e.reason());
        }
        return 0;
      }
    }
  }
}
