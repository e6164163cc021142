package io.missrec.app.cli;

import io.missrec.app.config.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command that starts a pipeline waits for it: {@code --detach}, {@code --interval}. */
final class FollowOptions {
  @Option(names = "--detach", description = "print the workflow id and return at once")
  boolean detach;

  @Option(names = "--interval", defaultValue = "1s", description = "progress refresh interval")
  String interval;

  Duration pollInterval() {
    return Durations.parse("--interval", interval);
  }
}
