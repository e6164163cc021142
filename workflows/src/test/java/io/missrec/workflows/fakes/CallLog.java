package io.missrec.workflows.fakes;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.util.ArrayList;
import java.util.List;

/** Every fake activity attempt, as {@code "<ActivityType>:<subject>@<taskQueue>#<attempt>"}. */
public final class CallLog {
  private final List<String> calls = new ArrayList<>();

  /** Records the current activity attempt and returns its attempt number (1-based). */
  public synchronized int record(String subject) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    calls.add(
        info.getActivityType()
            + ":"
            + subject
            + "@"
            + info.getActivityTaskQueue()
            + "#"
            + info.getAttempt());
    return info.getAttempt();
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Calls without the attempt suffix, first attempts only. */
  public synchronized List<String> firstAttempts() {
    return calls.stream()
        .filter(c -> c.endsWith("#1"))
        .map(c -> c.substring(0, c.length() - 2))
        .toList();
  }

  public synchronized long attempts(String activityType) {
    return calls.stream().filter(c -> c.startsWith(activityType + ":")).count();
  }
}
