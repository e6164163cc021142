package io.missrec.app.serve;

import io.missrec.model.data.Domain;
import io.missrec.model.serve.Recommendation;
import io.missrec.model.serve.RecommendationLines;
import io.missrec.model.serve.UserHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns requests in the dataset's ids into histories of item indexes for the {@link ServedModel}'s
 * recommender, and its lists back into ids. A user is served from the latest history the dataset
 * holds for them (as {@code recommend} serves them); a list of items is served as it is. The model
 * can be swapped while requests flow ({@link #slot}); the catalogue and histories stay.
 */
public final class RecommendationService {
  /** Longest history a request may send; the model reads the last {@code maxLen} anyway. */
  public static final int MAX_HISTORY = 1000;

  /**
   * One answer and the model that gave it.
   *
   * @param list {@code {"user"?, "items", "scores"}} in the dataset's ids
   * @param model the {@link ServedModel#name()} that scored it
   * @param k the list length asked for (the request's, or the default)
   * @param shadow the shadow's list and overlap ({@link ShadowScorer#compare}), or null when the
   *     request is not compared
   */
  public record Answer(
      Map<String, Object> list,
      String model,
      int k,
      CompletableFuture<Map<String, Object>> shadow) {}

  private final Domain domain;
  private final ModelSlot served;
  private final ShadowScorer shadow;
  private final Map<String, Integer> itemIndex;
  private final Map<String, UserHistory> histories;
  private final int defaultK;
  private final int maxK;

  /**
   * @param defaultK list length when a request gives none
   * @param maxK longest list a request may ask for (at most the catalogue)
   * @param shadow compares a share of the lists with another model's, or null
   */
  public RecommendationService(
      Domain domain, ServedModel model, int defaultK, int maxK, ShadowScorer shadow) {
    this.domain = domain;
    this.served = new ModelSlot(model);
    this.shadow = shadow;
    this.maxK = Math.min(maxK, domain.numItems());
    if (defaultK < 1 || defaultK > this.maxK) {
      throw new IllegalArgumentException(
          "the default list length must be in 1.." + this.maxK + ", got " + defaultK);
    }
    this.defaultK = defaultK;
    this.itemIndex = new HashMap<>(domain.numItems() * 2);
    for (int i = 0; i < domain.numItems(); i++) {
      itemIndex.put(domain.itemIds().get(i), i);
    }
    this.histories = new HashMap<>();
    for (UserHistory h : UserHistory.latest(domain)) {
      histories.put(domain.userIds().get(h.user()), h);
    }
  }

  /** The dataset whose catalogue and histories are served. */
  public Domain domain() {
    return domain;
  }

  /** Requests queued for scoring now. */
  public int waiting() {
    return served.current().recommender().waiting();
  }

  /** The model answering now. */
  public ServedModel current() {
    return served.current();
  }

  /** Where the answering model is held (and swapped). */
  public ModelSlot slot() {
    return served;
  }

  /** The shadow, or null. */
  public ShadowScorer shadow() {
    return shadow;
  }

  /** Users with a stored history. */
  public int users() {
    return histories.size();
  }

  /**
   * Queues one request.
   *
   * @return completed with the list and the model that scored it
   * @throws BadRequestException naming the field: an unknown user or item, k out of range, a
   *     history that is empty or too long
   * @throws RejectedExecutionException when the queue is full or the server is stopping
   */
  public CompletableFuture<Answer> recommend(ServeRequest request) {
    int k = request.k() == null ? defaultK : request.k();
    if (k < 1 || k > maxK) {
      throw new BadRequestException("k: between 1 and " + maxK + ", got " + k);
    }
    int[] history;
    if (request.user() != null) {
      UserHistory stored = histories.get(request.user());
      if (stored == null) {
        throw new BadRequestException(
            "user: '" + request.user() + "' has no history in " + domain.name());
      }
      history = stored.items();
    } else {
      List<String> ids = request.items();
      if (ids.isEmpty() || ids.size() > MAX_HISTORY) {
        throw new BadRequestException(
            "items: 1 to " + MAX_HISTORY + " item ids, got " + ids.size());
      }
      history = new int[ids.size()];
      for (int i = 0; i < ids.size(); i++) {
        Integer index = itemIndex.get(ids.get(i));
        if (index == null) {
          throw new BadRequestException(
              "items[" + i + "]: '" + ids.get(i) + "' is not an item of " + domain.name());
        }
        history[i] = index;
      }
    }
    boolean excludeSeen = !request.includeSeen();
    ServedModel model = served.current();
    CompletableFuture<Recommendation> list;
    try {
      list = model.recommender().submit(history, k, excludeSeen);
    } catch (RejectedExecutionException e) {
      if (served.current() == model) {
        throw e;
      }
      // swapped between the read and the submit: the old model no longer takes requests
      model = served.current();
      list = model.recommender().submit(history, k, excludeSeen);
    }
    String name = model.name();
    CompletableFuture<Map<String, Object>> compared =
        shadow == null ? null : shadow.compare(history, k, excludeSeen, list);
    return list.thenApply(
        l -> new Answer(RecommendationLines.line(domain, request.user(), l), name, k, compared));
  }
}
