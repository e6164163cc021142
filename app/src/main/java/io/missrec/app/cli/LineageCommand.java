package io.missrec.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.app.config.Settings;
import io.missrec.app.lineage.LineageDot;
import io.missrec.app.lineage.LineageGraph;
import io.missrec.app.lineage.LineageGraphReader;
import io.missrec.app.lineage.LineageJson;
import io.missrec.app.lineage.LineageTree;
import io.missrec.app.lineage.LineageVerifier;
import io.missrec.app.lineage.ModelVersionRef;
import io.missrec.app.lineage.OpenLineageEvents;
import io.missrec.app.reconcile.RunReconciler;
import io.missrec.app.reconcile.TemporalWorkflowLiveness;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.app.stack.TemporalConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code missrec lineage show|trace|verify|export <name[:version]>}: where a model version comes
 * from, whether its artifacts are intact, and the chain as OpenLineage events. Reads the lineage
 * database and S3 from the settings (the embedded ones under {@code $MISSREC_DATA} when unset);
 * these never start Temporal and never write lineage. {@code lineage reconcile} is the one writer:
 * it marks failed the runs whose workflows Temporal reports closed.
 */
@Command(
    name = "lineage",
    header = "Audit a model version's lineage.",
    mixinStandardHelpOptions = true,
    description = {
      "Audit a model version's lineage: the chain of runs, artifacts and datasets",
      "behind it. MODEL is name:version (e.g. missrec-demo-synth-c:1) or name alone for",
      "the latest version; an artifact URI (s3://...) instead audits the chain behind",
      "any recorded artifact, e.g. a set of recommendation lists. Exit codes: 0 ok,",
      "1 verification found problems, 2 bad input or unknown model version or",
      "artifact, 3 the lineage database, S3 or Temporal could not be read."
    })
public final class LineageCommand implements Runnable {
  static final int PROBLEMS = 1;

  /** Output formats of {@code show}. */
  enum Format {
    TREE,
    JSON,
    DOT
  }

  private static final String TARGET =
      "name:version, name for the latest, or an artifact URI (s3://...)";

  private final Supplier<Settings> settings;

  @Spec CommandSpec spec;

  public LineageCommand() {
    this(Settings::fromEnv);
  }

  /** With settings from elsewhere than the environment (tests). */
  LineageCommand(Supplier<Settings> settings) {
    this.settings = settings;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print the chain back to the raw datasets (tree, JSON or Graphviz DOT).",
        "Runs with activity, workflow id, code version, params and metrics; artifacts and",
        "datasets with their sha256 digests."
      })
  int show(
      @Parameters(paramLabel = "MODEL|URI", description = TARGET) String model,
      @Option(
              names = "--format",
              defaultValue = "tree",
              description = "tree (default), json or dot (Graphviz)")
          Format format) {
    return withGraph(
        model,
        false,
        (graph, session) -> {
          PrintWriter out = out();
          switch (format) {
            case TREE ->
                new LineageTree(LineageTree.Detail.FULL).render(graph).forEach(out::println);
            case JSON -> out.println(new LineageJson().render(graph));
            case DOT -> out.print(new LineageDot().render(graph));
          }
          out.flush();
          return 0;
        });
  }

  @Command(
      name = "trace",
      mixinStandardHelpOptions = true,
      header = "Print the chain behind any recorded artifact.",
      description = {
        "Print the chain behind any recorded artifact, e.g. the lists of a",
        "`recommend --workflow` run: the runs that made it, the checkpoint, features",
        "and dataset snapshots it came from, back to the raw datasets."
      })
  int trace(@Parameters(paramLabel = "URI", description = "artifact URI, s3://...") String uri) {
    if (!isUri(uri)) {
      err().println("trace takes an artifact URI (s3://...); for a model version, use show");
      return CliErrors.BAD_INPUT;
    }
    return withGraph(
        uri,
        false,
        (graph, session) -> {
          new LineageTree(LineageTree.Detail.FULL).render(graph).forEach(out()::println);
          out().flush();
          return 0;
        });
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Re-hash every artifact of the chain in S3; exit 1 if any is missing or changed.",
        "Prints one line per artifact: OK, MISSING, MISMATCH or UNREADABLE."
      })
  int verify(@Parameters(paramLabel = "MODEL|URI", description = TARGET) String model) {
    return withGraph(
        model,
        true,
        (graph, session) -> {
          PrintWriter out = out();
          List<LineageVerifier.Check> checks =
              new LineageVerifier(session.artifacts()).verify(graph);
          long bad = checks.stream().filter(c -> !c.ok()).count();
          out.println("verifying " + checks.size() + " artifacts of " + graph.label());
          for (LineageVerifier.Check check : checks) {
            out.printf(
                "%-10s %-20s %s%s%n",
                check.status(),
                check.artifact().kind().id(),
                check.artifact().uri(),
                check.ok() ? "" : "\n           " + check.detail());
          }
          out.println(
              bad == 0
                  ? "all " + checks.size() + " artifacts intact"
                  : bad + " of " + checks.size() + " artifacts missing or changed");
          out.flush();
          return bad == 0 ? 0 : PROBLEMS;
        });
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Write the chain as OpenLineage run events (JSON Lines, one per run).",
        "COMPLETE events whose inputs and outputs carry sha256 facets, for Marquez or any",
        "OpenLineage consumer."
      })
  int export(
      @Parameters(paramLabel = "MODEL|URI", description = TARGET) String model,
      @Option(
              names = "--openlineage",
              required = true,
              description = "export as OpenLineage run events (the only format so far)")
          boolean openLineage,
      @Option(
              names = "--namespace",
              defaultValue = OpenLineageEvents.DEFAULT_NAMESPACE,
              description = "OpenLineage job namespace (default ${DEFAULT-VALUE})")
          String namespace,
      @Option(
              names = {"-o", "--output"},
              description = "file to write (default: stdout)")
          Path output) {
    return withGraph(
        model,
        false,
        (graph, session) -> {
          String events = new OpenLineageEvents(namespace).jsonLines(graph);
          if (output == null) {
            out().print(events);
            out().flush();
          } else {
            try {
              Files.writeString(output, events, StandardCharsets.UTF_8);
            } catch (IOException e) {
              err().println("cannot write " + output + ": " + e.getMessage());
              return CliErrors.BAD_INPUT;
            }
            err().println("wrote " + events.lines().count() + " OpenLineage events to " + output);
          }
          return 0;
        });
  }

  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      header = "Mark failed the runs a dead worker left running.",
      description = {
        "Mark failed the runs a dead worker left running. For every run and scheduled",
        "retrain that lineage still calls running, asks Temporal about its workflow:",
        "open ones are left alone (a retry may still finish them); closed ones",
        "(terminated, timed out, failed, or unknown to the namespace) are marked",
        "failed with that as the reason, and their MLflow runs closed as failed.",
        "`artifact prune --failed` can then remove their epochs. Ask the Temporal",
        "service the workers use (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE)."
      })
  int reconcile(
      @Option(names = "--dry-run", description = "list what would be marked; change nothing")
          boolean dryRun) {
    Settings configured = settings.get();
    if (configured.temporalAddress() == null && configured.database() != null) {
      err()
          .println(
              "MISSREC_JDBC_URL is set but TEMPORAL_ADDRESS is not: runs in a shared database"
                  + " can only be checked against the Temporal service that runs their"
                  + " workflows; set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE)");
      return CliErrors.BAD_INPUT;
    }
    RunReconciler.Reconciliation result;
    try (EmbeddedStack stack = EmbeddedStack.startDatabaseAndTemporal(configured);
        HikariDataSource dataSource =
            stack.settings().database().toDataSource("missrec-lineage-reconcile");
        TemporalConnection temporal = TemporalConnection.open(stack.settings())) {
      if (stack.temporal() != null) {
        // the embedded server is this process's: every workflow of an earlier command is gone
        out()
            .println(
                "no TEMPORAL_ADDRESS: the workflows of earlier commands ran on their own embedded"
                    + " servers, which stopped with them");
      }
      JdbcLineageStore lineage = new JdbcLineageStore(dataSource);
      result =
          new RunReconciler(
                  lineage,
                  ServiceConnections.metricsSink(stack.settings(), lineage),
                  new TemporalWorkflowLiveness(
                      temporal.stubs(), stack.settings().temporalNamespace()))
              .reconcile(dryRun);
    } catch (IllegalArgumentException e) {
      err().println(e.getMessage());
      return CliErrors.BAD_INPUT;
    } catch (RuntimeException e) {
      err().println("runs could not be reconciled: " + e.getMessage());
      return CliErrors.UNREACHABLE;
    }
    printReconciliation(result);
    return 0;
  }

  private void printReconciliation(RunReconciler.Reconciliation result) {
    PrintWriter out = out();
    for (RunReconciler.Finding f : result.findings()) {
      String action =
          switch (f.outcome()) {
            case LEFT_RUNNING -> "left running";
            case MARKED_FAILED -> result.dryRun() ? "would be marked failed" : "marked failed";
            case FINISHED_MEANWHILE -> "finished meanwhile, left as it is";
          };
      out.printf(
          "%-7s %-40s %-16s since %s, workflow %s %s: %s%n",
          f.kind(),
          f.id(),
          f.what(),
          f.since(),
          f.workflowId(),
          f.workflow().description(),
          action);
      if (f.note() != null) {
        out.println("        " + f.note());
      }
    }
    long marked = result.count(RunReconciler.Outcome.MARKED_FAILED);
    out.printf(
        "%d running: %d %s failed, %d left running (workflow open), %d finished meanwhile%n",
        result.findings().size(),
        marked,
        result.dryRun() ? "would be marked" : "marked",
        result.count(RunReconciler.Outcome.LEFT_RUNNING),
        result.count(RunReconciler.Outcome.FINISHED_MEANWHILE));
    out.flush();
  }

  /** What a subcommand works with once the services are open. */
  private record Session(S3ArtifactStore artifacts) {}

  @FunctionalInterface
  private interface GraphWork {
    int run(LineageGraph graph, Session session);
  }

  /** A model version (name[:version]) or, with a scheme, an artifact URI. */
  private int withGraph(String target, boolean needsArtifacts, GraphWork work) {
    ModelVersionRef ref = null;
    if (!isUri(target)) {
      try {
        ref = ModelVersionRef.parse(target);
      } catch (IllegalArgumentException e) {
        err().println(e.getMessage());
        return CliErrors.BAD_INPUT;
      }
    }
    String label = ref == null ? target : ref.toString();
    Settings configured = settings.get();
    try (EmbeddedStack stack = EmbeddedStack.startStorage(configured);
        HikariDataSource dataSource =
            stack.settings().database().toDataSource("missrec-lineage-audit")) {
      LineageGraphReader reader = new LineageGraphReader(new JdbcLineageStore(dataSource));
      LineageGraph graph = ref == null ? reader.readArtifact(target) : reader.read(ref);
      Session session =
          new Session(needsArtifacts ? S3ArtifactStore.connect(stack.settings().s3()) : null);
      return work.run(graph, session);
    } catch (NoSuchElementException e) {
      err().println(e.getMessage());
      return CliErrors.BAD_INPUT;
    } catch (RuntimeException e) {
      // a service down or lineage inconsistent: say which, without a stack trace
      err().println("lineage of " + label + " could not be read: " + e.getMessage());
      return CliErrors.UNREACHABLE;
    }
  }

  private static boolean isUri(String target) {
    return target.contains("://");
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** For tests: the command line as {@code Main} builds it. */
  static CommandLine commandLine(LineageCommand command) {
    return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
