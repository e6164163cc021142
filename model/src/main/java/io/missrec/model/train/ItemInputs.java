package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.missrec.model.data.DataFormatException;
import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.interest.TokenLayout;
import io.missrec.model.interest.TokenMatrix;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.torch.TorchOwned;
import java.util.ArrayList;
import java.util.List;

/**
 * A domain's frozen item features as native arrays, created once and reused by every step.
 *
 * <p>Per modality m (in model order): {@code features (N, f_m)}, {@code present (N)} (1/0) and
 * {@code presentLog (N)} (0 / {@link MissRecBlock#MASKED}), and the token layout used by interest
 * discovery (modality-major, items ascending).
 */
public final class ItemInputs implements AutoCloseable {

  private final NDManager manager;
  private final List<String> modalities;
  private final NDList features = new NDList();
  private final NDList present = new NDList();
  private final NDList presentLog = new NDList();
  private final TokenLayout layout;
  private final int numItems;

  /**
   * @param overrides per-modality replacement tables (e.g. the word-dropped text view), or empty
   */
  public ItemInputs(
      NDManager parent, Domain domain, List<String> modalities, List<FeatureTable> overrides) {
    this.manager = parent.newSubManager();
    this.modalities = List.copyOf(modalities);
    this.numItems = domain.numItems();
    List<boolean[]> missing = new ArrayList<>();
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
      features.add(
          TorchOwned.copyOf(manager.create(table.values(), new Shape(numItems, table.dim()))));
      float[] p = new float[numItems];
      float[] log = new float[numItems];
      for (int i = 0; i < numItems; i++) {
        boolean has = !table.missing()[i];
        p[i] = has ? 1f : 0f;
        log[i] = has ? 0f : MissRecBlock.MASKED;
      }
      present.add(TorchOwned.copyOf(manager.create(p)));
      presentLog.add(TorchOwned.copyOf(manager.create(log)));
      missing.add(table.missing());
    }
    layout = TokenLayout.of(this.modalities, missing);
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

  /** Which items have which modality: the token order of interest discovery. */
  public TokenLayout layout() {
    return layout;
  }

  /**
   * All item tokens {@code (T, d)} in layout order: for each modality, the adapted rows of the
   * items that have it.
   */
  public NDArray tokens(NDList adapted) {
    return TokenMatrix.stack(layout, adapted);
  }

  @Override
  public void close() {
    manager.close();
  }
}
