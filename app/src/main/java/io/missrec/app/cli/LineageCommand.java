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
import io.missrec.app.stack.EmbeddedStack;
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
 * {@code missrec lineage show|verify|export <name[:version]>}: where a model version comes from,
 * whether its artifacts are intact, and the chain as OpenLineage events. Reads the lineage database
 * and S3 from the settings (the embedded ones under {@code $MISSREC_DATA} when unset); never starts
 * Temporal and never writes lineage.
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
      "artifact, 3 the lineage database or S3 could not be read."
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
