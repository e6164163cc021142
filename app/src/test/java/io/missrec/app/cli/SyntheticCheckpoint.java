package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** A checkpoint trained one epoch on the first synthetic domain by `./missrec train`. */
final class SyntheticCheckpoint {
  private SyntheticCheckpoint() {}

  /** Trains into {@code dir/run} and returns its checkpoint folder. */
  static Path trainOneEpoch(Path dir) {
    return trainOneEpoch(dir.resolve("run"), 2023);
  }

  /** Trains with {@code seed} into {@code out} and returns its checkpoint folder. */
  static Path trainOneEpoch(Path out, long seed) {
    CliRun train =
        CliRun.of(
            "train",
            "--synthetic",
            "0",
            "--epochs",
            "1",
            "--seed",
            Long.toString(seed),
            "--out",
            out.toString());
    assertThat(train.exitCode()).as(train.out() + train.err()).isZero();
    return out.resolve("checkpoint");
  }
}
