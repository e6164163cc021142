package io.missrec.app.cli;

import java.nio.file.Path;

/** Locations the commands fall back to. */
final class Defaults {

  private Defaults() {}

  /** The shared datasets folder beside the checkout, or {@code $MISSREC_DATASETS}. */
  static Path datasetsDir() {
    String env = System.getenv("MISSREC_DATASETS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getProperty("missrec.home", ".");
    return Path.of(home).toAbsolutePath().normalize().resolve("../shared/datasets").normalize();
  }
}
