package io.missrec.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.ArtifactIntegrityException;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code missrec artifact put|get|verify}: files in and out of the content-addressed artifact
 * store, e.g. an exported image encoder that pipelines then name as {@code onnx:<URI>}. A put also
 * records the artifact in lineage, so runs that use it link to a known kind and media type.
 */
@Command(
    name = "artifact",
    mixinStandardHelpOptions = true,
    description = {
      "Put a file into the content-addressed artifact store (S3) and print its URI,",
      "fetch one back verified, or re-hash one. Uses the configured S3 and lineage",
      "database, else the embedded ones under $MISSREC_DATA. Exit codes: 0 ok, 1 digest",
      "mismatch, 2 bad input, 3 a service could not be reached."
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
        (store, lineage) -> {
          ArtifactRef ref = store.put(kind, file, type);
          lineage.recordArtifact(ref);
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
        (store, lineage) -> {
          if (!store.exists(uri)) {
            return fail(CliErrors.BAD_INPUT, "no artifact at " + uri);
          }
          store.download(uri, out);
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
        (store, lineage) -> {
          if (!store.exists(uri)) {
            return fail(CliErrors.BAD_INPUT, "no artifact at " + uri);
          }
          store.verify(uri);
          spec.commandLine().getOut().println("ok  " + uri);
          return 0;
        });
  }

  @FunctionalInterface
  private interface StoreWork {
    int run(S3ArtifactStore store, JdbcLineageStore lineage);
  }

  private int withStore(StoreWork work) {
    try (EmbeddedStack stack = EmbeddedStack.startStorage(environment.get());
        HikariDataSource dataSource =
            stack.settings().database().toDataSource("missrec-artifact")) {
      // put writes lineage: bring a configured database's schema up to date as a worker would
      // (a no-op when it is)
      Migrator.migrate(dataSource);
      return work.run(
          S3ArtifactStore.connect(stack.settings().s3()), new JdbcLineageStore(dataSource));
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
