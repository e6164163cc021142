package io.missrec.app.cli;

import picocli.CommandLine.Option;

/** Whether a pipeline keeps its training intermediates: {@code --keep-intermediates}. */
final class RetentionOptions {
  @Option(
      names = "--keep-intermediates",
      description =
          "keep every epoch's checkpoint and optimizer state once the model is registered"
              + " (default: remove those nothing uses; lineage keeps their digests)")
  boolean keepIntermediates;
}
