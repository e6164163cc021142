package io.missrec.model.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Frozen features of one modality for every item of a domain, row-major float32.
 *
 * <p>Shape: {@code (numItems, dim)}; row {@code i} belongs to the item with internal index {@code
 * i}. A missing modality is an all-zero row with {@code missing[i] == true}: consumers must mask
 * it, never treat the zeros as a real feature.
 *
 * @param modality modality name, e.g. {@link #TEXT} or {@link #IMAGE}
 * @param numItems number of rows
 * @param dim feature width
 * @param values {@code numItems * dim} floats, row-major
 * @param missing one flag per item, true where the item has no feature of this modality
 */
public record FeatureTable(
    String modality, int numItems, int dim, float[] values, boolean[] missing) {

  public static final String TEXT = "text";
  public static final String IMAGE = "image";

  /**
   * The order of modalities in a {@link Domain}, hence in the model built for it (adapters, item
   * tokens, fusion): text, then image, as MISSRec lists them, then any other by name. The model
   * draws its initial weights in this order, so one fixed order is what makes the same data and
   * seed train the same model whichever way a caller read or listed the feature tables.
   */
  public static final Comparator<String> MODALITY_ORDER =
      Comparator.comparingInt(FeatureTable::modalityRank).thenComparing(Comparator.naturalOrder());

  private static int modalityRank(String modality) {
    return switch (modality) {
      case TEXT -> 0;
      case IMAGE -> 1;
      default -> 2;
    };
  }

  public FeatureTable {
    Objects.requireNonNull(modality, "modality");
    if (numItems <= 0 || dim <= 0) {
      throw new IllegalArgumentException(
          "feature table '" + modality + "' needs numItems > 0 and dim > 0");
    }
    if (values.length != (long) numItems * dim) {
      throw new IllegalArgumentException(
          "feature table '"
              + modality
              + "': "
              + values.length
              + " values is not numItems * dim = "
              + numItems
              + " * "
              + dim);
    }
    if (missing.length != numItems) {
      throw new IllegalArgumentException(
          "feature table '" + modality + "': mask length " + missing.length + " != " + numItems);
    }
  }

  /** Builds a table whose missing mask marks the all-zero rows. */
  public static FeatureTable fromValues(String modality, int numItems, int dim, float[] values) {
    boolean[] missing = new boolean[numItems];
    for (int i = 0; i < numItems; i++) {
      boolean allZero = true;
      for (int j = i * dim, end = j + dim; j < end && allZero; j++) {
        allZero = values[j] == 0f;
      }
      missing[i] = allZero;
    }
    return new FeatureTable(modality, numItems, dim, values, missing);
  }

  /** A copy of row {@code item}. */
  public float[] row(int item) {
    return Arrays.copyOfRange(values, item * dim, (item + 1) * dim);
  }

  /** Number of items that have this modality. */
  public int presentCount() {
    int n = 0;
    for (boolean m : missing) {
      if (!m) {
        n++;
      }
    }
    return n;
  }
}
