package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import io.missrec.model.torch.TorchOwned;
import java.util.List;

/**
 * Stacks per-modality item vectors into the {@code (T, d)} token matrix of a {@link TokenLayout}.
 */
public final class TokenMatrix {

  private TokenMatrix() {}

  /**
   * Differentiable (rows are gathered, not copied out of the graph).
   *
   * @param layout token layout over {@code numItems} items
   * @param perModality one {@code (numItems, d)} array per modality, in layout order
   * @return {@code (T, d)} tokens, modality-major as in the layout
   */
  public static NDArray stack(TokenLayout layout, List<NDArray> perModality) {
    if (perModality.size() != layout.numModalities()) {
      throw new IllegalArgumentException(
          layout.numModalities() + " modalities in layout but " + perModality.size() + " arrays");
    }
    NDList parts = new NDList();
    NDArray result;
    try (NDScope scope = new NDScope()) {
      for (int m = 0; m < perModality.size(); m++) {
        NDArray features = perModality.get(m);
        if (features.getShape().get(0) != layout.numItems()) {
          throw new IllegalArgumentException(
              "modality '"
                  + layout.modalities().get(m)
                  + "' has "
                  + features.getShape().get(0)
                  + " rows, layout has "
                  + layout.numItems()
                  + " items");
        }
        int[] present = layout.presentItems(m);
        if (present.length > 0) {
          parts.add(features.get(TorchOwned.copyOf(features.getManager().create(present))));
        }
      }
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("token layout has no tokens");
      }
      result = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
      NDScope.unregister(result);
    }
    NDScope.register(result); // owned by the caller's scope, if any
    return result;
  }
}
