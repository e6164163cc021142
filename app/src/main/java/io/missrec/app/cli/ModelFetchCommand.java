package io.missrec.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelRegistry;
import io.missrec.app.registry.ModelSelector;
import io.missrec.app.stack.EmbeddedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code missrec model fetch}: a registered version's checkpoint as a folder, for the local trainer
 * ({@code train --init}) or any other use outside the workflows.
 */
@Command(
    name = "fetch",
    header = "Download a model version's checkpoint into a folder.",
    mixinStandardHelpOptions = true,
    description = {
      "Download a model version's checkpoint from S3, verified against its digest, and",
      "unpack it into DIR (config.json, model.params, interests.bin), ready for",
      "`./missrec train --init DIR`. DIR must not exist yet."
    })
final class ModelFetchCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "model version, name:version, or name@production (@candidate)")
  String model;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "folder to create (default: models/<name>-<version>)")
  Path out;

  @Override
  public Integer call() throws IOException {
    ModelSelector selector = ModelSelector.parse(model);
    ModelVersion version = fetch(ModelCommand.environment.get(), selector, this::folderOf);
    System.out.println(
        folderOf(version)
            + "  ("
            + ModelSource.nameOf(version)
            + (selector.stage() != null ? ", " + selector : "")
            + ", "
            + version.checkpointUri()
            + ")");
    return 0;
  }

  /** {@code -o}, else {@code models/<name>-<version>}. */
  private Path folderOf(ModelVersion version) {
    return out != null ? out : Path.of("models", version.name() + "-" + version.version());
  }

  /** The version {@code ref} selects now (for a stage: the one holding it), read from lineage. */
  static ModelVersion lookup(Settings settings, ModelSelector ref) {
    try (EmbeddedStack stack = EmbeddedStack.startDatabase(settings);
        HikariDataSource dataSource =
            stack.settings().database().toDataSource("missrec-model-lookup")) {
      return new ModelRegistry(new JdbcLineageStore(dataSource)).select(ref);
    }
  }

  /**
   * Downloads the checkpoint of the version {@code ref} selects, verified against its digest, and
   * unpacks it into {@code dir} (which must not exist); a failed download leaves nothing behind.
   */
  static ModelVersion fetch(Settings settings, ModelSelector ref, Path dir) throws IOException {
    return fetch(settings, ref, version -> dir);
  }

  /**
   * As {@link #fetch(Settings, ModelSelector, Path)}, the folder named once the version is known.
   *
   * @throws IllegalArgumentException when the folder exists
   */
  static ModelVersion fetch(
      Settings settings, ModelSelector ref, java.util.function.Function<ModelVersion, Path> dirOf)
      throws IOException {
    try (EmbeddedStack stack = EmbeddedStack.startStorage(settings);
        HikariDataSource dataSource =
            stack.settings().database().toDataSource("missrec-model-fetch")) {
      ModelVersion version = new ModelRegistry(new JdbcLineageStore(dataSource)).select(ref);
      Path dir = dirOf.apply(version);
      if (Files.exists(dir)) {
        throw new IllegalArgumentException(dir + " exists; fetch into a new folder");
      }
      Path parent = dir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path scratch = Files.createTempDirectory(parent, ".fetch");
      try {
        Path zip =
            S3ArtifactStore.connect(stack.settings().s3())
                .download(version.checkpointUri(), scratch.resolve("checkpoint.zip"));
        DeterministicArchive.unpack(zip, dir);
      } finally {
        DeterministicArchive.deleteTree(scratch);
      }
      return version;
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("cannot fetch " + ref + ": " + e.getMessage(), e);
    }
  }
}
