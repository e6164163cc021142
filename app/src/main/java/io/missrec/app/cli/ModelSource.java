package io.missrec.app.cli;

import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelSelector;
import io.missrec.model.data.Domain;
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
    if (model == null) {
      return readable(
          new Resolved(
              checkpoint,
              Map.of("checkpoint", checkpoint.toAbsolutePath().normalize().toString()),
              null));
    }
    return fetch(settings, selector());
  }

  /** What {@code --model} names, or null for {@code --checkpoint}. */
  ModelSelector selector() {
    return model == null ? null : ModelSelector.parse(model);
  }

  /** {@link #fetch(Settings, ModelSelector, ModelSelector)}, recording a stage selector. */
  static Resolved fetch(Settings settings, ModelSelector selector) throws IOException {
    return fetch(settings, selector, selector.stage() != null ? selector : null);
  }

  /**
   * The version {@code selector} names now, fetched (verified) into a temporary folder.
   *
   * @param selectedAs the stage selector it was chosen by, recorded as {@code selectedAs}, or null
   */
  static Resolved fetch(Settings settings, ModelSelector selector, ModelSelector selectedAs)
      throws IOException {
    Path scratch = Files.createTempDirectory("missrec-model");
    try {
      Path dir = scratch.resolve("checkpoint");
      ModelVersion version = ModelFetchCommand.fetch(settings, selector, dir);
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("model", nameOf(version));
      if (selectedAs != null) {
        provenance.put("selectedAs", selectedAs.toString());
      }
      provenance.put("checkpoint", version.checkpointUri());
      return readable(new Resolved(dir, provenance, scratch));
    } catch (IOException | RuntimeException e) {
      DeterministicArchive.deleteTree(scratch);
      throw e;
    }
  }

  /** {@code name:version}, as answers, metrics and {@code /v1/model} name a registered model. */
  static String nameOf(ModelVersion version) {
    return version.name() + ":" + version.version();
  }

  private static Resolved readable(Resolved resolved) {
    try {
      Checkpoints.manifest(resolved.dir());
      return resolved;
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--checkpoint "
              + resolved.dir()
              + " is not a readable checkpoint folder: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * @param dir the checkpoint folder
   * @param provenance {@code model} (for a registered version) and {@code checkpoint} (its URI, or
   *     the folder)
   */
  record Resolved(Path dir, Map<String, Object> provenance, Path scratch) implements AutoCloseable {
    /**
     * What scores this domain, for a sidecar or {@code /v1/model}: the model and checkpoint, the
     * dataset, its source and size, and whose interests are used; the caller adds its options.
     */
    Map<String, Object> scoring(Domain domain, String source, boolean storedInterests) {
      Map<String, Object> about = new LinkedHashMap<>(provenance);
      about.put("dataset", domain.name());
      about.put("source", source);
      about.put("items", domain.numItems());
      about.put("interests", storedInterests ? "checkpoint" : "discovered on this dataset");
      return about;
    }

    /**
     * The same checkpoint once more, to open beside this one: a registered version fetched again
     * (this one's folder goes when it closes), a checkpoint folder as it is.
     */
    Resolved again(Settings settings) throws IOException {
      if (scratch == null) {
        return readable(new Resolved(dir, provenance, null));
      }
      Object selectedAs = provenance.get("selectedAs");
      return fetch(
          settings,
          ModelSelector.parse(provenance.get("model").toString()),
          selectedAs == null ? null : ModelSelector.parse(selectedAs.toString()));
    }

    /** The label a checkpoint is named by in messages: its URI or folder. */
    String label() {
      return provenance.get("checkpoint").toString();
    }

    /** {@code name:version} for a registered version, else the checkpoint folder. */
    String name() {
      return provenance.getOrDefault("model", label()).toString();
    }

    @Override
    public void close() throws IOException {
      if (scratch != null) {
        DeterministicArchive.deleteTree(scratch);
      }
    }
  }
}
