package io.missrec.app.serve;

import io.missrec.model.data.Domain;
import io.missrec.model.serve.UserHistory;
import java.util.HashMap;
import java.util.Map;

/**
 * The items and user histories a server answers over: one reading of the dataset, with the maps
 * from the dataset's ids to indexes. A model is loaded on one catalogue and scores only its items,
 * so each {@link ServedModel} carries the catalogue it was loaded on, and a newer reading of the
 * dataset (items added) is served by swapping in models loaded on it ({@link CatalogueFollower}).
 */
public final class Catalogue {
  private final Domain domain;
  private final String fingerprint;
  private final Map<String, Integer> itemIndex;
  private final Map<String, UserHistory> histories;

  /**
   * @param fingerprint what identifies this reading of the dataset's files (compared to notice a
   *     change), or null when it is not followed
   */
  public Catalogue(Domain domain, String fingerprint) {
    this.domain = domain;
    this.fingerprint = fingerprint;
    this.itemIndex = new HashMap<>(domain.numItems() * 2);
    for (int i = 0; i < domain.numItems(); i++) {
      itemIndex.put(domain.itemIds().get(i), i);
    }
    this.histories = new HashMap<>();
    for (UserHistory h : UserHistory.latest(domain)) {
      histories.put(domain.userIds().get(h.user()), h);
    }
  }

  public Domain domain() {
    return domain;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public int items() {
    return domain.numItems();
  }

  /** Users with a stored history. */
  public int users() {
    return histories.size();
  }

  /** The index of an item id, or null when the catalogue has no such item. */
  Integer index(String itemId) {
    return itemIndex.get(itemId);
  }

  /** The latest stored history of a user id, or null. */
  UserHistory history(String userId) {
    return histories.get(userId);
  }
}
