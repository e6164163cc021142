package io.missrec.app.cli;

import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelSelector;
import io.missrec.model.train.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where a command's model comes from: a checkpoint folder, or a registered version. */
final class ModelSource {
  @Option(names = "--checkpoint", paramLabel = "DIR", description = "checkpoint folder")
  Path checkpoint;

  @Option(
      names = "--model",
      paramLabel = "NAME:VERSION",
      description =
          "registered model version, or NAME@production (NAME@candidate) for the one in that"
              + " stage now; its checkpoint is fetched from S3")
  String model;

  /**
   * The checkpoint folder, a registered version's fetched (verified) into a temporary folder that
   * {@link Resolved#close} deletes, with what identifies it.
   *
   * @throws IllegalArgumentException when the folder is not a readable checkpoint
   */
  Resolved resolve(Settings settings) throws IOException {
    Map<String, Object> provenance = new LinkedHashMap<>();
    Path scratch = null;
    Path dir;
    if (model != null) {
      ModelSelector selector = ModelSelector.parse(model);
      scratch = Files.createTempDirectory("missrec-model");
      dir = scratch.resolve("checkpoint");
      try {
        ModelVersion version = ModelFetchCommand.fetch(settings, selector, dir);
        provenance.put("model", version.name() + ":" + version.version());
        if (selector.stage() != null) {
          provenance.put("selectedAs", selector.toString());
        }
        provenance.put("checkpoint", version.checkpointUri());
      } catch (IOException | RuntimeException e) {
        DeterministicArchive.deleteTree(scratch);
        throw e;
      }
    } else {
      dir = checkpoint;
      provenance.put("checkpoint", dir.toAbsolutePath().normalize().toString());
    }
    try {
      Checkpoints.manifest(dir);
    } catch (UncheckedIOException e) {
      if (scratch != null) {
        DeterministicArchive.deleteTree(scratch);
      }
      throw new IllegalArgumentException(
          "--checkpoint " + dir + " is not a readable checkpoint folder: " + e.getMessage(), e);
    }
    return new Resolved(dir, provenance, scratch);
  }

  /**
   * @param dir the checkpoint folder
   * @param provenance {@code model} (for a registered version) and {@code checkpoint} (its URI, or
   *     the folder)
   */
  record Resolved(Path dir, Map<String, Object> provenance, Path scratch) implements AutoCloseable {
    /** The label a checkpoint is named by in messages: its URI or folder. */
    String label() {
      return provenance.get("checkpoint").toString();
    }

    @Override
    public void close() throws IOException {
      if (scratch != null) {
        DeterministicArchive.deleteTree(scratch);
      }
    }
  }
}
