package io.missrec.app.worker;

import io.missrec.workflows.TaskQueues;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Maps the short queue names of the command line ({@code cpu}, {@code gpu}) to task queues. */
public final class QueueNames {
  private QueueNames() {}

  /**
   * @param names {@code cpu}, {@code gpu} or full task queue names
   * @throws IllegalArgumentException for any other name, or none
   */
  public static Set<String> parse(Collection<String> names) {
    Set<String> queues = new LinkedHashSet<>();
    for (String name : names) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "cpu", TaskQueues.CPU -> queues.add(TaskQueues.CPU);
        case "gpu", TaskQueues.GPU -> queues.add(TaskQueues.GPU);
        case "" -> {}
        default ->
            throw new IllegalArgumentException(
                "unknown queue '" + name + "': use cpu, gpu or both (cpu,gpu)");
      }
    }
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("no queue given: use cpu, gpu or both (cpu,gpu)");
    }
    return queues;
  }
}
