package io.missrec.workflows.support;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Fan-out inside workflow code, with results in input order so replays issue the same commands. */
public final class Parallel {
  private Parallel() {}

  /** Runs {@code step} for every input at once and returns the results in input order. */
  public static <I, O> List<O> map(List<I> inputs, Function<I, O> step) {
    List<Promise<O>> promises = new ArrayList<>();
    for (I input : inputs) {
      promises.add(Async.function(step::apply, input));
    }
    List<O> results = new ArrayList<>();
    for (Promise<O> promise : promises) {
      results.add(promise.get());
    }
    return results;
  }

  /** {@code [0, n)} as a list, to fan out over several parallel lists by index. */
  public static List<Integer> indexes(int n) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      indexes.add(i);
    }
    return indexes;
  }
}
