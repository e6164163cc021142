package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.app.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `./missrec transfer` says before it connects anywhere: wrong input, missing services. */
class TransferCommandTest {
  @TempDir Path dataDir;

  @Test
  void detachWithoutAClusterIsRefusedBeforeAnythingStarts() {
    CliRun run =
        transfer(Map.of(), "--model", "m:1", "--target", "synthetic://synth-c", "--detach");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--detach needs a running cluster").contains("TEMPORAL_ADDRESS");
    assertThat(dataDir.resolve("postgres")).as("no embedded service started").doesNotExist();
  }

  @Test
  void aClusterWithoutItsLineageDatabaseIsNamedAsTheProblem() {
    CliRun run =
        transfer(
            Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"),
            "--model",
            "m:1",
            "--target",
            "synthetic://synth-c");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("set MISSREC_JDBC_URL").contains("model version m:1");
  }

  @Test
  void badArgumentsAreNamed() {
    assertThat(transfer(Map.of(), "--model", "m", "--target", "x").err())
        .contains("'m' is not of the form name:version");
    assertThat(
            transfer(Map.of(), "--model", "m:1", "--target", "x", "--target-sha256", "abc").err())
        .contains("--target-sha256 'abc' is not 64 lowercase hex digits");
    CliRun mode = transfer(Map.of(), "--model", "m:1", "--target", "x", "--mode", "sideways");
    assertThat(mode.exitCode()).isEqualTo(2);
    assertThat(mode.err()).contains("sideways");
    CliRun zero = transfer(Map.of(), "--model", "m:1", "--target", "x", "--cutoffs", "5,0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("evaluationCutoffs: a cutoff must be >= 1, got 0");
    CliRun word = transfer(Map.of(), "--model", "m:1", "--target", "x", "--cutoffs", "five");
    assertThat(word.exitCode()).isEqualTo(2);
    assertThat(word.err()).contains("--cutoffs").contains("five");
  }

  @Test
  void aTransferStartsFromAModelOrFromScratchNeverBothOrNeither() {
    assertThat(transfer(Map.of(), "--target", "x").err()).contains("--from-scratch");
    assertThat(transfer(Map.of(), "--model", "m:1", "--from-scratch", "--target", "x").err())
        .contains("not both");
    CliRun zeroShotScratch = transfer(Map.of(), "--from-scratch", "--zero-shot", "--target", "x");
    assertThat(zeroShotScratch.exitCode()).isEqualTo(2);
    assertThat(zeroShotScratch.err()).contains("zero-shot evaluates a model version");
    assertThat(
            transfer(
                    Map.of(),
                    "--model",
                    "m:1",
                    "--zero-shot",
                    "--mode",
                    "transductive",
                    "--target",
                    "x")
                .err())
        .contains("zero-shot runs inductive");
    assertThat(transfer(Map.of(), "--model", "m:1", "--target", "x", "--shard-items", "-5").err())
        .contains("--shard-items");
  }

  private CliRun transfer(Map<String, String> env, String... args) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("MISSREC_DATA", dataDir.toString());
    try (CommandEnvironment ignored = CommandEnvironment.of(Settings.fromEnv(all, dataDir))) {
      String[] full = new String[args.length + 1];
      full[0] = "transfer";
      System.arraycopy(args, 0, full, 1, args.length);
      return CliRun.of(full);
    }
  }
}
