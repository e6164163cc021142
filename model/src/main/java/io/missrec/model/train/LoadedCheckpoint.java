package io.missrec.model.train;

import io.missrec.model.data.Domain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint opened to score one domain: the model, the domain's item inputs, and interests, the
 * checkpoint's when they cover the domain's tokens, else discovered on the domain with the
 * fine-tuning ratios (a pre-trained checkpoint clustered the joined source domains, not this one).
 * Evaluation, the recommendation activity and {@code recommend} all open checkpoints this way.
 */
public final class LoadedCheckpoint implements AutoCloseable {

  /** The checkpoint cannot score the domain: other feature widths, or another item-ID table. */
  public static final class IncompatibleException extends IllegalArgumentException {
    IncompatibleException(String message) {
      super(message);
    }
  }

  private final MissRecModel model;
  private final ItemInputs items;
  private final boolean storedInterests;

  private LoadedCheckpoint(MissRecModel model, ItemInputs items, boolean storedInterests) {
    this.model = model;
    this.items = items;
    this.storedInterests = storedInterests;
  }

  /**
   * @param label how errors name the checkpoint (its URI or folder)
   * @throws IncompatibleException naming {@code label} and the domain, before anything is loaded
   */
  public static LoadedCheckpoint open(Path dir, String label, Domain domain) {
    Checkpoints.Manifest manifest = Checkpoints.manifest(dir);
    refuseIfIncompatible(manifest, label, domain);
    MissRecModel model = Checkpoints.load(dir, null);
    ItemInputs items = null;
    try {
      items = new ItemInputs(model.manager(), domain, model.block().modalities(), List.of());
      int[] assignment = Checkpoints.interests(dir);
      boolean stored = assignment.length > 0 && assignment.length == items.layout().numTokens();
      if (stored) {
        model.installInterests(items, assignment, manifest.numInterests());
      } else {
        TrainConfig defaults = TrainConfig.fineTuneDefaults();
        model.discoverInterests(items, defaults.clusterRatio(), defaults.knnRatio());
      }
      return new LoadedCheckpoint(model, items, stored);
    } catch (RuntimeException e) {
      if (items != null) {
        items.close();
      }
      model.close();
      throw e;
    }
  }

  private static void refuseIfIncompatible(
      Checkpoints.Manifest manifest, String label, Domain domain) {
    Map<String, Integer> trained = new TreeMap<>(manifest.model().modalityDims());
    Map<String, Integer> given = new TreeMap<>(DomainTraining.featureDims(domain));
    if (!trained.equals(given)) {
      throw new IncompatibleException(
          "checkpoint "
              + label
              + " has feature widths "
              + trained
              + " but "
              + domain.name()
              + " has "
              + given);
    }
    int idItems = manifest.model().numIdItems();
    if (idItems > 0 && idItems != domain.numItems()) {
      throw new IncompatibleException(
          "checkpoint "
              + label
              + " has an ID table of "
              + idItems
              + " items; "
              + domain.name()
              + " has "
              + domain.numItems());
    }
  }

  public MissRecModel model() {
    return model;
  }

  public ItemInputs items() {
    return items;
  }

  /** Whether the checkpoint's own interests were used (else discovered on the domain). */
  public boolean storedInterests() {
    return storedInterests;
  }

  @Override
  public void close() {
    items.close();
    model.close();
  }
}
