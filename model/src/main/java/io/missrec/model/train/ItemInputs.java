package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.missrec.model.data.DataFormatException;
import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.nn.MissRecBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A domain's frozen item features as native arrays, created once and reused by every step.
 *
 * <p>Per modality m (in model order): {@code features (N, f_m)}, {@code present (N)} (1/0) and
 * {@code presentLog (N)} (0 / {@link MissRecBlock#MASKED}), and the items that have the modality
 * (the token layout used by interest discovery: modality-major, items ascending).
 */
public final class ItemInputs implements AutoCloseable {

  private final NDManager manager;
  private final List<String> modalities;
  private final NDList features = new NDList();
  private final NDList present = new NDList();
  private final NDList presentLog = new NDList();
  private final List<boolean[]> missing = new ArrayList<>();
  private final NDList presentItems = new NDList();
  private final int numItems;

  /**
   * @param overrides per-modality replacement tables (e.g. the word-dropped text view), or empty
   */
  public ItemInputs(
      NDManager parent, Domain domain, List<String> modalities, List<FeatureTable> overrides) {
    this.manager = parent.newSubManager();
    this.modalities = List.copyOf(modalities);
    this.numItems = domain.numItems();
    for (String modality : modalities) {
      FeatureTable table =
          overrides.stream()
              .filter(t -> t.modality().equals(modality))
              .findFirst()
              .orElseGet(
                  () ->
                      domain
                          .feature(modality)
                          .orElseThrow(
                              () ->
                                  new DataFormatException(
                                      domain.name(),
                                      0,
                                      modality,
                                      "domain has no '" + modality + "' features")));
      features.add(manager.create(table.values(), new Shape(numItems, table.dim())));
      float[] p = new float[numItems];
      float[] log = new float[numItems];
      List<Long> items = new ArrayList<>();
      for (int i = 0; i < numItems; i++) {
        boolean has = !table.missing()[i];
        p[i] = has ? 1f : 0f;
        log[i] = has ? 0f : MissRecBlock.MASKED;
        if (has) {
          items.add((long) i);
        }
      }
      present.add(manager.create(p));
      presentLog.add(manager.create(log));
      presentItems.add(manager.create(items.stream().mapToLong(Long::longValue).toArray()));
      missing.add(table.missing().clone());
    }
  }

  public List<String> modalities() {
    return modalities;
  }

  public int numItems() {
    return numItems;
  }

  public NDList features() {
    return features;
  }

  public NDList present() {
    return present;
  }

  public NDList presentLog() {
    return presentLog;
  }

  /** Missing masks per modality (model order), for the token layout. */
  public List<boolean[]> missingMasks() {
    return missing;
  }

  /**
   * All item tokens {@code (T, d)} in layout order: for each modality, the adapted rows of the
   * items that have it.
   */
  public NDArray tokens(NDList adapted) {
    NDArray out = adapted.get(0).get(presentItems.get(0));
    for (int m = 1; m < adapted.size(); m++) {
      out = out.concat(adapted.get(m).get(presentItems.get(m)), 0);
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
