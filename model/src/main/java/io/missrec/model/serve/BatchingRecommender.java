package io.missrec.model.serve;

import io.missrec.model.train.FullRankingScorer;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MissRecModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntConsumer;

/**
 * Request-time recommendation: one list per submitted history, from any number of threads, scored
 * by a single thread that takes every request waiting (up to {@code maxBatch}) and ranks them as
 * one batch with {@link TopKRecommender}. The item side (adapters over the whole catalogue) is
 * computed once, at construction; under load a batch also shares the native calls among its
 * requests; alone, a request is scored at once. The lists are those of {@link TopKRecommender} for
 * the same histories, whatever the batching.
 *
 * <p>The queue is bounded: a request that finds it full is refused at once ({@link
 * RejectedExecutionException}) rather than waiting behind work it cannot overtake.
 */
public final class BatchingRecommender implements AutoCloseable {

  private record Pending(
      UserHistory history, int k, boolean excludeSeen, CompletableFuture<Recommendation> result) {}

  private final MissRecModel model;
  private final ItemInputs items;
  private final TopKRecommender recommender;
  private final FullRankingScorer.ItemSide side;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue;
  private final IntConsumer batchSizes;
  private final Thread worker;
  // submitters hold the read side while they check and queue, close the write side to stop them
  private final ReadWriteLock admission = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /**
   * @param maxBatch most requests scored at once
   * @param capacity most requests waiting
   * @param batchSizes told the size of each batch scored (metrics)
   */
  public BatchingRecommender(
      MissRecModel model, ItemInputs items, int maxBatch, int capacity, IntConsumer batchSizes) {
    if (maxBatch < 1 || capacity < 1) {
      throw new IllegalArgumentException("maxBatch and capacity must be positive");
    }
    this.model = model;
    this.items = items;
    this.recommender = new TopKRecommender(maxBatch);
    this.side = FullRankingScorer.itemSide(model, items);
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSizes = batchSizes;
    this.worker = new Thread(this::run, "missrec-scorer");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues one history.
   *
   * @param history internal item indexes, oldest first; the model reads the last {@code maxLen}
   * @return completed with the list, or exceptionally if scoring failed
   * @throws IllegalArgumentException for an empty history, an item outside the catalogue or k < 1
   * @throws RejectedExecutionException when the queue is full or the recommender is closed
   */
  public CompletableFuture<Recommendation> submit(int[] history, int k, boolean excludeSeen) {
    // checked here, in the caller's thread: a bad request must not fail the batch it would join
    UserHistory user = new UserHistory(-1, history.clone());
    TopKRecommender.requireK(k);
    TopKRecommender.requireInCatalogue(user, items.numItems());
    CompletableFuture<Recommendation> result = new CompletableFuture<>();
    admission.readLock().lock();
    try {
      if (closed) {
        throw new RejectedExecutionException("the recommender is stopping");
      }
      if (!queue.offer(new Pending(user, k, excludeSeen, result))) {
        throw new RejectedExecutionException("too many requests waiting (" + queue.size() + ")");
      }
    } finally {
      admission.readLock().unlock();
    }
    return result;
  }

  /** Requests waiting to be scored. */
  public int waiting() {
    return queue.size();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (true) {
      Pending first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (closed) {
          return; // nothing can be queued once closed: all is scored
        }
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, maxBatch - 1);
      score(batch);
      batch.clear();
    }
  }

  /** One {@link TopKRecommender} call per (k, excludeSeen) among the batch's requests. */
  private void score(List<Pending> batch) {
    batchSizes.accept(batch.size());
    Map<List<Object>, List<Pending>> groups = new LinkedHashMap<>();
    for (Pending p : batch) {
      groups.computeIfAbsent(List.of(p.k(), p.excludeSeen()), g -> new ArrayList<>()).add(p);
    }
    for (List<Pending> group : groups.values()) {
      try {
        List<UserHistory> histories = group.stream().map(Pending::history).toList();
        Pending first = group.get(0);
        List<Recommendation> lists =
            recommender.recommend(model, items, side, histories, first.k(), first.excludeSeen());
        for (int i = 0; i < group.size(); i++) {
          group.get(i).result().complete(lists.get(i));
        }
      } catch (RuntimeException | Error e) {
        group.forEach(p -> p.result().completeExceptionally(e));
      }
    }
  }

  /**
   * Refuses new requests, scores those already queued, and stops the scoring thread (waiting up to
   * {@code timeout} for it). The model stays open: it is the caller's.
   */
  public void close(long timeout, TimeUnit unit) throws InterruptedException {
    admission.writeLock().lock();
    try {
      closed = true;
    } finally {
      admission.writeLock().unlock();
    }
    unit.timedJoin(worker, timeout);
    if (worker.isAlive()) {
      worker.interrupt();
    }
    // anything left (the wait ran out) is told so rather than left hanging
    for (Pending p = queue.poll(); p != null; p = queue.poll()) {
      p.result().completeExceptionally(new RejectedExecutionException("stopped"));
    }
    if (!worker.isAlive()) {
      side.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    close(30, TimeUnit.SECONDS);
  }
}
