package io.missrec.app.serve;

import io.missrec.model.serve.Recommendation;
import io.missrec.model.serve.RecommendationLines;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shadow model: scores a share of the requests the served model answers, off the answer's path,
 * and measures how far its lists are from the served ones (overlap: the share of the served top K
 * that the shadow also lists). A candidate version is seen on live traffic before it is promoted;
 * the callers never see its lists. When its queue is full a request is skipped, not delayed.
 */
public final class ShadowScorer {
  private final ModelSlot slot;
  private final double fraction;
  private final ServingMetrics metrics;
  private final AtomicLong requests = new AtomicLong();

  /**
   * @param fraction share of requests compared, in (0, 1]: every request whose running count
   *     crosses a multiple of 1 / fraction, so the share is exact and needs no randomness
   */
  public ShadowScorer(ModelSlot slot, double fraction, ServingMetrics metrics) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the shadow fraction must be in (0, 1], got " + fraction);
    }
    this.slot = slot;
    this.fraction = fraction;
    this.metrics = metrics;
  }

  /** The shadow model held now. */
  public ModelSlot slot() {
    return slot;
  }

  /**
   * Scores the history with the shadow too, if this request is sampled and the shadow has room.
   *
   * @param served the served model's list for the same history
   * @param catalogue the catalogue the history's indexes and the served list are of
   * @return completed with {@code {"model", "items", "scores", "overlap"}} once both lists are in;
   *     null when the request is not compared (not sampled, the shadow's queue is full, or the
   *     shadow is not yet on the served model's catalogue)
   */
  CompletableFuture<Map<String, Object>> compare(
      int[] history,
      int k,
      boolean excludeSeen,
      CompletableFuture<Recommendation> served,
      Catalogue catalogue) {
    long n = requests.incrementAndGet();
    if (Math.floor(n * fraction) == Math.floor((n - 1) * fraction)) {
      return null;
    }
    ServedModel model = slot.current();
    if (model.catalogue() != catalogue) {
      // a catalogue swap under way: indexes of another reading of the dataset mean other items
      metrics.shadow(ServingMetrics.ShadowOutcome.SKIPPED, 0);
      return null;
    }
    CompletableFuture<Recommendation> shadow;
    try {
      shadow = model.recommender().submit(history, k, excludeSeen);
    } catch (RejectedExecutionException e) {
      metrics.shadow(ServingMetrics.ShadowOutcome.SKIPPED, 0);
      return null;
    }
    return served
        .thenCombine(shadow, (a, b) -> line(model, a, b))
        .whenComplete(
            (line, failure) -> {
              if (failure != null) {
                metrics.shadow(ServingMetrics.ShadowOutcome.FAILED, 0);
              } else {
                metrics.shadow(ServingMetrics.ShadowOutcome.COMPARED, (Double) line.get("overlap"));
              }
            });
  }

  private static Map<String, Object> line(
      ServedModel model, Recommendation served, Recommendation shadow) {
    Set<Integer> listed = new HashSet<>();
    for (int item : served.items()) {
      listed.add(item);
    }
    int common = 0;
    for (int item : shadow.items()) {
      if (listed.contains(item)) {
        common++;
      }
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", model.name());
    line.putAll(RecommendationLines.line(model.catalogue().domain(), null, shadow));
    line.put("overlap", served.items().length == 0 ? 1.0 : common / (double) served.items().length);
    return line;
  }
}
