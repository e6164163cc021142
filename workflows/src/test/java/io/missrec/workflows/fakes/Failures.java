package io.missrec.workflows.fakes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Planned failures: the first {@code n} attempts of an activity type throw. */
public final class Failures {
  private record Plan(int failingAttempts, Supplier<RuntimeException> failure) {}

  private final Map<String, Plan> plans = new ConcurrentHashMap<>();

  public Failures failFirst(String activityType, int attempts, Supplier<RuntimeException> failure) {
    plans.put(activityType, new Plan(attempts, failure));
    return this;
  }

  void maybeFail(String activityType, int attempt) {
    Plan plan = plans.get(activityType);
    if (plan != null && attempt <= plan.failingAttempts()) {
      throw plan.failure().get();
    }
  }
}
