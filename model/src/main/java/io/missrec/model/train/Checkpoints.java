package io.missrec.model.train;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.torch.TorchOwned;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checkpoint directory: {@code config.json} (architecture + metadata), {@code model.params} (DJL
 * parameter format) and {@code interests.bin} (token-to-interest assignment). Written to a
 * temporary sibling and renamed, so a crash never leaves a half-written checkpoint.
 */
public final class Checkpoints {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String CONFIG = "config.json";
  private static final String PARAMS = "model.params";
  private static final String INTERESTS = "interests.bin";

  /** What {@code config.json} holds. */
  public record Manifest(MissRecConfig model, int epoch, int numInterests, String note) {}

  private Checkpoints() {}

  public static void save(MissRecModel model, int epoch, String note, Path dir) {
    try {
      Path parent = dir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
      int numInterests = 0;
      int[] assignment = new int[0];
      try {
        MissRecModel.Interests interests = model.interests();
        numInterests = interests.numInterests();
        assignment = interests.assignment();
      } catch (IllegalStateException none) {
        // a model that never clustered has no interests to store
      }
      JSON.writeValue(
          tmp.resolve(CONFIG).toFile(), new Manifest(model.config(), epoch, numInterests, note));
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMS))))) {
        model.block().saveParameters(out);
      }
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(tmp.resolve(INTERESTS))))) {
        out.writeInt(assignment.length);
        for (int a : assignment) {
          out.writeInt(a);
        }
      }
      if (Files.exists(dir)) {
        deleteTree(dir);
      }
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
  }

  public static Manifest manifest(Path dir) {
    try {
      return JSON.readValue(dir.resolve(CONFIG).toFile(), Manifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint manifest " + dir.resolve(CONFIG), e);
    }
  }

  /**
   * Loads a checkpoint into a new model with the stored architecture, or with {@code override}
   * (e.g. other modality widths are not allowed, but the transductive ID table for a new domain
   * is). The model lists its modalities in the checkpoint's order, whatever the override's.
   */
  public static MissRecModel load(Path dir, MissRecConfig override) {
    Manifest manifest = manifest(dir);
    MissRecConfig config = override == null ? manifest.model() : override;
    if (!config.modalityDims().equals(manifest.model().modalityDims())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + dir
              + " was trained on feature widths "
              + manifest.model().modalityDims()
              + " but the target domain has "
              + config.modalityDims());
    }
    // The model keeps the checkpoint's modality order: DJL stores parameters by child position,
    // and the adapters are children in modality order (the pipelines' checkpoints before
    // FeatureTable.MODALITY_ORDER are image-first; loaded text-first, the two adapters swapped).
    config = config.withModalityOrder(List.copyOf(manifest.model().modalityDims().keySet()));
    MissRecModel model = MissRecModel.create(config, 0);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS))))) {
      if (config.equals(manifest.model())) {
        model.block().loadParameters(model.manager(), in);
        // loaded arrays come without gradient buffers; training a restored model needs them
        for (var p : model.block().getParameters()) {
          if (p.getValue().requiresGradient()) {
            p.getValue().getArray().setRequiresGradient(true);
          }
        }
      } else {
        loadMatching(model, manifest.model(), in);
      }
    } catch (IOException | MalformedModelException e) {
      model.close();
      throw new IllegalArgumentException("cannot load checkpoint parameters " + dir, e);
    }
    return model;
  }

  /** The stored token-to-interest assignment. */
  public static int[] interests(Path dir) {
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(dir.resolve(INTERESTS))))) {
      int[] out = new int[in.readInt()];
      for (int i = 0; i < out.length; i++) {
        out[i] = in.readInt();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(INTERESTS), e);
    }
  }

  /**
   * Loads a checkpoint of a different (but compatible) architecture: every parameter present in
   * both keeps the stored value; the rest (e.g. a new item-ID table) keeps its initialisation.
   */
  private static void loadMatching(MissRecModel target, MissRecConfig stored, DataInputStream in)
      throws IOException, MalformedModelException {
    try (MissRecModel source = MissRecModel.create(stored, 0)) {
      source.block().loadParameters(source.manager(), in);
      var from = source.block().getParameters();
      for (var p : target.block().getParameters()) {
        var match = from.get(p.getKey());
        if (match != null
            && match.getArray().getShape().equals(p.getValue().getArray().getShape())) {
          TorchOwned.overwrite(p.getValue().getArray(), match.getArray());
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
