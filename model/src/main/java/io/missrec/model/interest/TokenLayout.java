package io.missrec.model.interest;

import io.missrec.model.data.FeatureTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Mapping between items and their modality tokens. Tokens are laid out modality-major: for each
 * modality in the given order, the items that have that modality, in increasing item order. A
 * missing modality has no token.
 */
public final class TokenLayout {

  private final List<String> modalities;
  private final int numItems;
  private final int[][] tokenOf; // [modality][item] -> token, -1 if missing
  private final int[][] presentItems; // [modality] -> items with that modality, ascending
  private final int[] tokenItem;
  private final int[] tokenModality;

  private TokenLayout(List<String> modalities, List<boolean[]> missingMasks) {
    this.modalities = List.copyOf(modalities);
    this.numItems = missingMasks.get(0).length;
    int numModalities = modalities.size();
    tokenOf = new int[numModalities][numItems];
    presentItems = new int[numModalities][];
    int numTokens = 0;
    for (int m = 0; m < numModalities; m++) {
      boolean[] missing = missingMasks.get(m);
      int[] present = new int[numItems];
      int count = 0;
      for (int item = 0; item < numItems; item++) {
        if (missing[item]) {
          tokenOf[m][item] = -1;
        } else {
          tokenOf[m][item] = numTokens + count;
          present[count++] = item;
        }
      }
      presentItems[m] = Arrays.copyOf(present, count);
      numTokens += count;
    }
    tokenItem = new int[numTokens];
    tokenModality = new int[numTokens];
    for (int m = 0, token = 0; m < numModalities; m++) {
      for (int item : presentItems[m]) {
        tokenItem[token] = item;
        tokenModality[token++] = m;
      }
    }
  }

  /**
   * @param modalities modality names in token order, e.g. {@code ["text", "image"]}, distinct
   * @param missingMasks one mask per modality, all of length {@code numItems}; {@code true} marks
   *     an item without that modality
   */
  public static TokenLayout of(List<String> modalities, List<boolean[]> missingMasks) {
    if (modalities.isEmpty()) {
      throw new IllegalArgumentException("token layout needs at least one modality");
    }
    if (new HashSet<>(modalities).size() != modalities.size()) {
      throw new IllegalArgumentException("modalities must be distinct, got " + modalities);
    }
    if (missingMasks.size() != modalities.size()) {
      throw new IllegalArgumentException(
          modalities.size() + " modalities but " + missingMasks.size() + " missing masks");
    }
    int numItems = missingMasks.get(0).length;
    for (int m = 0; m < modalities.size(); m++) {
      if (missingMasks.get(m).length != numItems) {
        throw new IllegalArgumentException(
            "missing mask of '"
                + modalities.get(m)
                + "' has "
                + missingMasks.get(m).length
                + " items, expected "
                + numItems);
      }
    }
    return new TokenLayout(modalities, missingMasks);
  }

  /** Layout of the given feature tables, in list order (their missing masks). */
  public static TokenLayout of(List<FeatureTable> tables) {
    List<String> names = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    for (FeatureTable table : tables) {
      names.add(table.modality());
      masks.add(table.missing());
    }
    return of(names, masks);
  }

  public List<String> modalities() {
    return modalities;
  }

  public int numModalities() {
    return modalities.size();
  }

  public int numItems() {
    return numItems;
  }

  /** Number of tokens {@code T} (present item-modality pairs). */
  public int numTokens() {
    return tokenItem.length;
  }

  /** Token of {@code item} in modality {@code modalityIndex}, or -1 if that modality is missing. */
  public int token(int modalityIndex, int item) {
    return tokenOf[modalityIndex][item];
  }

  /** Item that {@code token} belongs to. */
  public int item(int token) {
    return tokenItem[token];
  }

  /** Modality index of {@code token}. */
  public int modality(int token) {
    return tokenModality[token];
  }

  /** Item of every token (length {@code T}); a copy. */
  public int[] tokenItems() {
    return tokenItem.clone();
  }

  /**
   * Items that have modality {@code modalityIndex}, ascending; their tokens are consecutive,
   * starting at {@link #firstToken}. A copy.
   */
  public int[] presentItems(int modalityIndex) {
    return presentItems[modalityIndex].clone();
  }

  /** Token index of the first token of modality {@code modalityIndex}. */
  public int firstToken(int modalityIndex) {
    int first = 0;
    for (int m = 0; m < modalityIndex; m++) {
      first += presentItems[m].length;
    }
    return first;
  }

  /** Index of the modality called {@code name}; throws if unknown. */
  public int modalityIndex(String name) {
    int index = modalities.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("unknown modality '" + name + "', have " + modalities);
    }
    return index;
  }
}
