package io.missrec.model.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several domains as one, for pre-training over all source domains at once (as the released code
 * does): items and users of domain {@code d} are shifted by the counts of the domains before it;
 * every domain must have the same feature modalities and widths.
 */
public final class DomainUnion {

  private DomainUnion() {}

  public static Domain of(String name, List<Domain> domains) {
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("no domains to join");
    }
    if (domains.size() == 1) {
      return domains.get(0);
    }
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    boolean allTexts = domains.stream().allMatch(d -> !d.itemTexts().isEmpty());
    List<UserSequence> train = new ArrayList<>();
    List<UserSequence> valid = new ArrayList<>();
    List<UserSequence> test = new ArrayList<>();
    int itemOffset = 0;
    int userOffset = 0;
    List<String> userIds = new ArrayList<>();
    for (Domain d : domains) {
      for (String id : d.itemIds()) {
        ids.add(d.name() + "/" + id);
      }
      for (String id : d.userIds()) {
        userIds.add(d.name() + "/" + id);
      }
      if (allTexts) {
        texts.addAll(d.itemTexts());
      }
      shift(d.splits().train(), itemOffset, userOffset, train);
      shift(d.splits().valid(), itemOffset, userOffset, valid);
      shift(d.splits().test(), itemOffset, userOffset, test);
      itemOffset += d.numItems();
      userOffset += d.numUsers();
    }
    Map<String, FeatureTable> features = new LinkedHashMap<>();
    for (String modality : domains.get(0).features().keySet()) {
      features.put(
          modality,
          concat(
              modality,
              domains.stream()
                  .map(
                      d ->
                          d.feature(modality)
                              .orElseThrow(
                                  () ->
                                      new DataFormatException(
                                          d.name(),
                                          0,
                                          modality,
                                          "missing in this domain but present in "
                                              + domains.get(0).name())))
                  .toList()));
    }
    return new Domain(
        name, ids, allTexts ? texts : List.of(), features, userIds, new Splits(train, valid, test));
  }

  /** Stacks tables of one modality row-wise; all must have the same width. */
  public static FeatureTable concat(String modality, List<FeatureTable> tables) {
    int dim = tables.get(0).dim();
    int rows = 0;
    for (FeatureTable t : tables) {
      if (t.dim() != dim) {
        throw new DataFormatException(
            modality, 0, "dim", "feature widths differ across domains: " + dim + " vs " + t.dim());
      }
      rows += t.numItems();
    }
    float[] values = new float[rows * dim];
    boolean[] missing = new boolean[rows];
    int row = 0;
    for (FeatureTable t : tables) {
      System.arraycopy(t.values(), 0, values, row * dim, t.values().length);
      System.arraycopy(t.missing(), 0, missing, row, t.numItems());
      row += t.numItems();
    }
    return new FeatureTable(modality, rows, dim, values, missing);
  }

  private static void shift(
      List<UserSequence> examples, int items, int users, List<UserSequence> out) {
    for (UserSequence e : examples) {
      int[] history = e.history().clone();
      for (int i = 0; i < history.length; i++) {
        history[i] += items;
      }
      out.add(new UserSequence(e.user() + users, history, e.target() + items));
    }
  }
}
