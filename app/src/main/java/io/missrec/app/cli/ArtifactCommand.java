package io.missrec.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.ArtifactIntegrityException;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.lineage.JdbcArtifactRetention;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.activities.retention.ArtifactPruner;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedStack;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code missrec artifact put|get|verify|prune}: files in and out of the content-addressed artifact
 * store, e.g. an exported image encoder that pipelines then name as {@code onnx:<URI>}. A put also
 * records the artifact in lineage, so runs that use it link to a known kind and media type.
 */
@Command(
    name = "artifact",
    header = "Store, fetch, verify and prune artifacts.",
    mixinStandardHelpOptions = true,
    description = {
      "Put a file into the content-addressed artifact store (S3) and print its URI,",
      "fetch one back verified, re-hash one, or prune what nothing needs any more.",
      "Uses the configured S3 and lineage database, else the embedded ones under",
      "$MISSREC_DATA.",
      "Exit codes: 0 ok, 1 digest mismatch, 2 bad input, 3 a service could not be",
      "reached."
    })
public final class ArtifactCommand implements Runnable {
  static final int MISMATCH = 1;

  /** Where the services are; tests replace it. */
  static Supplier<Settings> environment = Settings::fromEnv;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = {
        "Store FILE (idempotent: the same bytes give the same URI) and print its URI.",
        "Kinds: encoder_model (default; an ONNX or TorchScript model for onnx:<URI>),",
        "other."
      })
  int put(
      @Parameters(paramLabel = "FILE") Path file,
      @Option(names = "--kind", defaultValue = "encoder_model", description = "artifact kind")
          String kindId,
      @Option(
              names = "--media-type",
              description = "media type (default from the file name: .onnx, .pt, else binary)")
          String mediaType) {
    ArtifactKind kind;
    try {
      kind = ArtifactKind.fromId(kindId.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return fail(CliErrors.BAD_INPUT, "--kind: " + e.getMessage());
    }
    if (kind != ArtifactKind.ENCODER_MODEL && kind != ArtifactKind.OTHER) {
      return fail(
          CliErrors.BAD_INPUT,
          "--kind "
              + kind.id()
              + ": pipelines write that kind themselves; upload encoder_model or other");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return fail(CliErrors.BAD_INPUT, file + ": not a readable file");
    }
    String type = mediaType != null ? mediaType : mediaTypeOf(file);
    return withStore(
        services -> {
          ArtifactRef ref = services.store().put(kind, file, type);
          services.lineage().recordArtifact(ref);
          spec.commandLine().getOut().println(ref.uri());
          return 0;
        });
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Download an artifact, verifying its digest, to FILE (written atomically).")
  int get(
      @Parameters(paramLabel = "URI") String uri,
      @Option(
              names = {"-o", "--out"},
              required = true,
              paramLabel = "FILE")
          Path out) {
    return withStore(
        services -> {
          if (!services.store().exists(uri)) {
            return absent(services, uri);
          }
          services.store().download(uri, out);
          spec.commandLine().getOut().println(out);
          return 0;
        });
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Re-read an artifact and check its bytes still hash to the digest in its URI.")
  int verify(@Parameters(paramLabel = "URI") String uri) {
    return withStore(
        services -> {
          if (!services.store().exists(uri)) {
            return absent(services, uri);
          }
          services.store().verify(uri);
          spec.commandLine().getOut().println("ok  " + uri);
          return 0;
        });
  }

  @Command(
      name = "prune",
      header = "Remove the bytes of artifacts that nothing needs any more.",
      mixinStandardHelpOptions = true,
      description = {
        "Remove the bytes of training intermediates nothing needs: epoch checkpoints a",
        "finished (succeeded) training run did not hand on and its optimizer states,",
        "which only a resume reads. Nothing that an evaluation, a transfer, a model",
        "version or a run report uses is touched, nor anything of a run still going.",
        "Pipelines do this for their own runs when they succeed; this is for runs",
        "started with --keep-intermediates and for those from before that stage.",
        "With --failed, remove the same of training runs that failed (and stayed failed:",
        "no retry resumed them) at least --older-than ago, by default a day.",
        "With --lists, remove recommendation lists that newer lists of the same feed",
        "(one dataset served by one checkpoint) replaced, keeping the latest --keep.",
        "Lineage keeps each artifact's digest and edges and records the removal."
      })
  int prune(
      @Option(names = "--dry-run", description = "list what would be removed, remove nothing")
          boolean dryRun,
      @Option(
              names = "--older-than",
              paramLabel = "DURATION",
              description =
                  "only runs finished at least this long ago, ISO-8601 (P7D, PT12H); default:"
                      + " every finished run (with --failed: P1D; with --lists: lists last"
                      + " produced this long ago)")
          Duration olderThanGiven,
      @Option(
              names = "--workflow",
              paramLabel = "ID",
              description =
                  "only the intermediates of this workflow's runs (e.g. one kept with"
                      + " --keep-intermediates, once its epochs are no longer needed)")
          String workflowId,
      @Option(
              names = "--failed",
              description = "prune the intermediates of failed training runs instead")
          boolean failed,
      @Option(
              names = "--lists",
              description = "prune superseded recommendation lists instead of intermediates")
          boolean lists,
      @Option(
              names = "--keep",
              paramLabel = "N",
              description = "with --lists: the latest lists kept per feed (default: 3)")
          Integer keep) {
    if (olderThanGiven != null && olderThanGiven.isNegative()) {
      return fail(CliErrors.BAD_INPUT, "--older-than: a negative duration " + olderThanGiven);
    }
    if ((workflowId != null ? 1 : 0) + (failed ? 1 : 0) + (lists ? 1 : 0) > 1
        || (workflowId != null && olderThanGiven != null)) {
      return fail(
          CliErrors.BAD_INPUT, "give --workflow, --failed or --lists (or none), not several");
    }
    // a failed run is retried within minutes; a day later nothing will resume from its epochs
    Duration olderThan =
        olderThanGiven != null ? olderThanGiven : failed ? Duration.ofDays(1) : Duration.ZERO;
    if (keep != null && !lists) {
      return fail(CliErrors.BAD_INPUT, "--keep counts recommendation lists: it needs --lists");
    }
    int latest = keep == null ? 3 : keep;
    if (latest < 1) {
      return fail(CliErrors.BAD_INPUT, "--keep: at least the latest list of a feed, not " + keep);
    }
    return withStore(
        services -> {
          ArtifactPruner pruner = new ArtifactPruner(services.retention(), services.store());
          List<ArtifactRef> candidates;
          ArtifactPruner.Rule rule;
          if (lists) {
            candidates = pruner.supersededLists(latest, olderThan);
            rule = pruner.supersededLists(latest, olderThan, ArtifactRetention.superseded(latest));
          } else if (failed) {
            candidates = pruner.abandoned(olderThan);
            rule = pruner.abandoned(olderThan, ArtifactRetention.ABANDONED);
          } else {
            candidates =
                workflowId == null ? pruner.candidates(olderThan) : pruner.candidatesOf(workflowId);
            rule = pruner.intermediates(olderThan, ArtifactRetention.INTERMEDIATE);
          }
          PrintWriter out = spec.commandLine().getOut();
          long total = 0;
          for (ArtifactRef artifact : candidates) {
            out.printf(
                Locale.ROOT,
                "%-15s %10s  %s%n",
                artifact.kind().id(),
                mib(artifact.sizeBytes()),
                artifact.uri());
            total += artifact.sizeBytes();
          }
          if (dryRun) {
            out.printf(
                Locale.ROOT, "would remove %d artifacts, %s%n", candidates.size(), mib(total));
            return 0;
          }
          List<ArtifactRef> gone = pruner.remove(candidates, rule, removed -> {});
          long removedBytes = gone.stream().mapToLong(ArtifactRef::sizeBytes).sum();
          out.printf(Locale.ROOT, "removed %d artifacts, %s%n", gone.size(), mib(removedBytes));
          if (gone.size() < candidates.size()) {
            out.printf(
                Locale.ROOT,
                "kept %d that a run started to use meanwhile%n",
                candidates.size() - gone.size());
          }
          return 0;
        });
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  /** Exit 2 naming the URI, and when and why retention removed its bytes if it did. */
  private int absent(Services services, String uri) {
    return services
        .retention()
        .lastRemoval(uri)
        .map(
            r ->
                fail(
                    CliErrors.BAD_INPUT,
                    uri + " was removed on " + r.removedAt() + " (" + r.reason() + ")"))
        .orElseGet(() -> fail(CliErrors.BAD_INPUT, "no artifact at " + uri));
  }

  /** The services a subcommand works with. */
  private record Services(
      S3ArtifactStore store, JdbcLineageStore lineage, ArtifactRetention retention) {}

  @FunctionalInterface
  private interface StoreWork {
    int run(Services services);
  }

  private int withStore(StoreWork work) {
    try (EmbeddedStack stack = EmbeddedStack.startStorage(environment.get());
        HikariDataSource dataSource =
            stack.settings().database().toDataSource("missrec-artifact")) {
      // put writes lineage: bring a configured database's schema up to date as a worker would
      // (a no-op when it is)
      Migrator.migrate(dataSource);
      return work.run(
          new Services(
              S3ArtifactStore.connect(stack.settings().s3()),
              new JdbcLineageStore(dataSource),
              new JdbcArtifactRetention(dataSource)));
    } catch (ArtifactIntegrityException e) {
      return fail(MISMATCH, e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail(CliErrors.BAD_INPUT, e.getMessage());
    } catch (RuntimeException e) {
      return fail(CliErrors.UNREACHABLE, e.getMessage());
    }
  }

  static String mediaTypeOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".onnx")) {
      return "application/onnx";
    }
    if (name.endsWith(".pt") || name.endsWith(".torchscript")) {
      return "application/x-torchscript";
    }
    return "application/octet-stream";
  }

  private int fail(int code, String message) {
    spec.commandLine().getErr().println("artifact: " + message);
    return code;
  }
}
