package io.missrec.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.missrec.model.data.Domain;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MissRecModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request-time lists: the batch lists whatever the batching, a bounded queue, a clean stop. */
class BatchingRecommenderTest {

  private static OneEpochModel trained;
  private static Domain domain;
  private static MissRecModel model;
  private static ItemInputs items;

  @BeforeAll
  static void trainOneEpoch() {
    trained = OneEpochModel.train();
    domain = trained.domain();
    model = trained.model();
    items = trained.items();
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void concurrentRequestsGetTheListsEachWouldGetAlone() throws Exception {
    List<UserHistory> users = UserHistory.latest(domain).subList(0, 120);
    AtomicInteger scored = new AtomicInteger();
    AtomicInteger batches = new AtomicInteger();
    List<Recommendation> served = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try (BatchingRecommender batching =
        new BatchingRecommender(
            model,
            items,
            32,
            1000,
            size -> {
              scored.addAndGet(size);
              batches.incrementAndGet();
              assertThat(size).isBetween(1, 32);
            })) {
      List<Future<Recommendation>> futures = new ArrayList<>();
      for (int u = 0; u < users.size(); u++) {
        int[] history = users.get(u).items();
        int k = u % 2 == 0 ? 10 : 5;
        boolean exclude = u % 3 != 0;
        futures.add(clients.submit(() -> batching.submit(history, k, exclude).get()));
      }
      for (Future<Recommendation> f : futures) {
        served.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      clients.shutdownNow();
    }

    TopKRecommender alone = new TopKRecommender(1);
    for (int u = 0; u < users.size(); u++) {
      Recommendation expected =
          alone
              .recommend(model, items, List.of(users.get(u)), u % 2 == 0 ? 10 : 5, u % 3 != 0)
              .get(0);
      assertSameList(expected, served.get(u), "user " + u);
    }
    assertThat(scored.get()).isEqualTo(users.size());
    assertThat(batches.get()).as("requests waiting together are scored together").isLessThan(120);
  }

  @Test
  void refusesBadRequestsAndWhatTheQueueCannotHold() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    int[] history = UserHistory.latest(domain).get(0).items();
    try (BatchingRecommender batching =
        new BatchingRecommender(model, items, 8, 2, size -> await(release))) {
      assertThatThrownBy(() -> batching.submit(new int[0], 10, true))
          .hasMessageContaining("empty history");
      assertThatThrownBy(() -> batching.submit(new int[] {domain.numItems()}, 10, true))
          .hasMessageContaining("is not in 0..");
      assertThatThrownBy(() -> batching.submit(history, 0, true))
          .hasMessageContaining("k must be at least 1");

      // the scorer holds the first request; two more fill the queue; the fourth is refused
      CompletableFuture<Recommendation> first = batching.submit(history, 3, true);
      while (batching.waiting() > 0) {
        Thread.sleep(5);
      }
      List<CompletableFuture<Recommendation>> queued =
          List.of(batching.submit(history, 3, true), batching.submit(history, 4, false));
      assertThatThrownBy(() -> batching.submit(history, 3, true))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("too many requests waiting");
      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).items()).hasSize(3);
      assertThat(queued.get(1).get(30, TimeUnit.SECONDS).items()).hasSize(4);
    }
  }

  @Test
  void closingScoresWhatIsQueuedAndRefusesTheRest() throws Exception {
    int[] history = UserHistory.latest(domain).get(1).items();
    BatchingRecommender batching = new BatchingRecommender(model, items, 4, 100, size -> {});
    List<CompletableFuture<Recommendation>> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queued.add(batching.submit(history, 10, true));
    }
    batching.close();

    for (CompletableFuture<Recommendation> f : queued) {
      assertThat(f).isCompleted();
      assertThat(f.get().items()).hasSize(10);
    }
    assertThatThrownBy(() -> batching.submit(history, 10, true))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("stopping");
  }

  /**
   * The same items in the same order, up to swaps of near-equal scores (a batch pads histories to
   * its longest, which may move a score in its last bits).
   */
  static void assertSameList(Recommendation expected, Recommendation actual, String what) {
    assertThat(actual.items()).as(what).hasSameSizeAs(expected.items());
    for (int j = 0; j < expected.items().length; j++) {
      assertThat(actual.scores()[j])
          .as(what + " score " + j)
          .isCloseTo(expected.scores()[j], within(1e-4f));
      if (actual.items()[j] != expected.items()[j]) {
        assertThat(Math.abs(expected.scores()[j] - scoreOf(expected, actual.items()[j])))
            .as(what + ": position " + j + " differs beyond a near tie")
            .isLessThan(1e-4f);
      }
    }
  }

  private static float scoreOf(Recommendation list, int item) {
    for (int j = 0; j < list.items().length; j++) {
      if (list.items()[j] == item) {
        return list.scores()[j];
      }
    }
    return Float.NaN;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
