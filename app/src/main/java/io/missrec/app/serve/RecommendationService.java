package io.missrec.app.serve;

import io.missrec.model.serve.Recommendation;
import io.missrec.model.serve.RecommendationLines;
import io.missrec.model.serve.UserHistory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns requests in the dataset's ids into histories of item indexes for the {@link ServedModel}'s
 * recommender, and its lists back into ids. A user is served from the latest history the catalogue
 * holds for them (as {@code recommend} serves them); a list of items is served as it is. The model
 * can be swapped while requests flow ({@link #slot}), and with it the catalogue it was loaded on: a
 * request reads the model once and uses that model's catalogue throughout.
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

  private final ModelSlot served;
  private final ShadowScorer shadow;
  private final int defaultK;
  private final int maxK;

  /**
   * @param defaultK list length when a request gives none
   * @param maxK longest list a request may ask for (at most the catalogue)
   * @param shadow compares a share of the lists with another model's, or null
   */
  public RecommendationService(ServedModel model, int defaultK, int maxK, ShadowScorer shadow) {
    this.served = new ModelSlot(model);
    this.shadow = shadow;
    this.maxK = maxK;
    int items = model.catalogue().items();
    if (defaultK < 1 || defaultK > Math.min(maxK, items)) {
      throw new IllegalArgumentException(
          "the default list length must be in 1.." + Math.min(maxK, items) + ", got " + defaultK);
    }
    this.defaultK = defaultK;
  }

  /** The catalogue answered over now: the answering model's. */
  public Catalogue catalogue() {
    return served.current().catalogue();
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
    return catalogue().users();
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
    ServedModel model = served.current();
    Catalogue catalogue = model.catalogue();
    int limit = Math.min(maxK, catalogue.items());
    int k = request.k() == null ? defaultK : request.k();
    if (k < 1 || k > limit) {
      throw new BadRequestException("k: between 1 and " + limit + ", got " + k);
    }
    int[] history = history(request, catalogue);
    boolean excludeSeen = !request.includeSeen();
    CompletableFuture<Recommendation> list;
    try {
      list = model.recommender().submit(history, k, excludeSeen);
    } catch (RejectedExecutionException e) {
      ServedModel now = served.current();
      if (now == model) {
        throw e;
      }
      // swapped between the read and the submit: the old model no longer takes requests
      model = now;
      catalogue = now.catalogue();
      history = history(request, catalogue);
      list = model.recommender().submit(history, k, excludeSeen);
    }
    String name = model.name();
    Catalogue scoredOn = catalogue;
    CompletableFuture<Map<String, Object>> compared =
        shadow == null ? null : shadow.compare(history, k, excludeSeen, list, scoredOn);
    return list.thenApply(
        l ->
            new Answer(
                RecommendationLines.line(scoredOn.domain(), request.user(), l), name, k, compared));
  }

  /** The request's history as item indexes of {@code catalogue}. */
  private static int[] history(ServeRequest request, Catalogue catalogue) {
    if (request.user() != null) {
      UserHistory stored = catalogue.history(request.user());
      if (stored == null) {
        throw new BadRequestException(
            "user: '" + request.user() + "' has no history in " + catalogue.domain().name());
      }
      return stored.items();
    }
    List<String> ids = request.items();
    if (ids.isEmpty() || ids.size() > MAX_HISTORY) {
      throw new BadRequestException("items: 1 to " + MAX_HISTORY + " item ids, got " + ids.size());
    }
    int[] history = new int[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      Integer index = catalogue.index(ids.get(i));
      if (index == null) {
        throw new BadRequestException(
            "items["
                + i
                + "]: '"
                + ids.get(i)
                + "' is not an item of "
                + catalogue.domain().name());
      }
      history[i] = index;
    }
    return history;
  }
}
