package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What `./missrec` prints and returns when a command throws. */
class CliErrorsTest {

  private static final String HEADER = "user_id:token\titem_id_list:token_seq\titem_id:token\n";

  @TempDir Path dir;

  @Test
  void aMissingDatasetFolderIsOneLineAndExitTwo() {
    Path missing = dir.resolve("nowhere");

    CliRun run = CliRun.of("train", "--dataset", missing.toString());

    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err()).isEqualTo("missrec train: " + missing + " [dataset]: no such folder\n");
  }

  @Test
  void aBrokenDataFileIsNamedWithItsLineAndField() throws IOException {
    Files.writeString(dir.resolve("D.item2index"), "A\t0\nB\t1\nC\t2\n");
    Files.writeString(dir.resolve("D.user2index"), "u0\t0\n");
    Files.writeString(dir.resolve("D.train.inter"), HEADER + "0\t0\t1\n");
    Files.writeString(dir.resolve("D.valid.inter"), HEADER + "0\t0 1\n"); // two columns
    Files.writeString(dir.resolve("D.test.inter"), HEADER + "0\t0 1 2\t0\n");

    CliRun run = CliRun.of("train", "--dataset", dir.toString());

    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err())
        .startsWith("missrec train: " + dir.resolve("D.valid.inter") + ":2 [columns]")
        .doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void badNumbersAreRefusedBeforeAnyDataLoads() {
    CliRun run = CliRun.of("train", "--synthetic", "0", "--epochs", "0");

    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err()).isEqualTo("missrec train: epochs must be >= 1, got 0\n");
    assertThat(run.out()).as("nothing was loaded").isEmpty();
  }

  @Test
  void aFolderThatIsNoCheckpointIsRefusedBeforeTheDataLoads() {
    CliRun run = CliRun.of("train", "--synthetic", "0", "--init", dir.toString());

    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err())
        .startsWith("missrec train: --init " + dir + " is not a readable checkpoint folder");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void benchRefusesABadSizeBeforeMeasuringAnything() {
    CliRun run = CliRun.of("bench", "--dpc-sizes", "10000,1e5");

    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err())
        .isEqualTo(
            "missrec bench: --dpc-sizes: '1e5' is not a token count (a whole number >= 2)\n");
    assertThat(run.out()).as("nothing was measured").isEmpty();
  }

  @Test
  void debugAddsTheStackTrace() {
    CliRun run =
        CliRun.withEnv(Map.of(CliErrors.DEBUG_ENV, "1"), "train", "--synthetic", "0", "--lr", "0");

    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err())
        .startsWith("missrec train: learningRate must be finite and > 0, got 0.0\n")
        .contains("\tat io.missrec.model.train.TrainConfig");
  }

  @Test
  void aPathMissingDeepInsideIsStillTheUsersInput() {
    Outcome o =
        run(
            Map.of(),
            new UncheckedIOException(
                "reading", new NoSuchFileException("/data/x.feat1CLS", null, null)));

    assertThat(o.code()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(o.err()).isEqualTo("missrec boom: no such file or folder: /data/x.feat1CLS\n");
  }

  @Test
  void anUnreachableTemporalNamesTheAddressItTried() {
    Outcome o =
        run(
            Map.of("TEMPORAL_ADDRESS", "temporal.internal:7233"),
            Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

    assertThat(o.code()).isEqualTo(CliErrors.UNREACHABLE);
    assertThat(o.err())
        .isEqualTo(
            "missrec boom: cannot reach Temporal at temporal.internal:7233 (TEMPORAL_ADDRESS):"
                + " UNAVAILABLE (io exception)\n");
  }

  @Test
  void anUnreachableEmbeddedTemporalSaysWhereFinishedRunsAre() {
    Outcome o = run(Map.of(), Status.UNAVAILABLE.asRuntimeException());

    assertThat(o.code()).isEqualTo(CliErrors.UNREACHABLE);
    assertThat(o.err())
        .startsWith("missrec boom: cannot reach Temporal at 127.0.0.1:7233: UNAVAILABLE.")
        .contains("./missrec report <workflow-id>");
  }

  @Test
  void aHeldEmbeddedDatabaseSaysWhyInOneLine() {
    Outcome o =
        run(
            Map.of(),
            new IllegalStateException(
                "cannot start",
                new io.missrec.app.stack.EmbeddedPostgresServer.BusyException(
                    java.nio.file.Path.of("/data/postgres"),
                    new IllegalStateException("could not lock /data/postgres/epg-lock"))));

    assertThat(o.code()).isEqualTo(CliErrors.UNREACHABLE);
    assertThat(o.err())
        .startsWith("missrec boom: the embedded PostgreSQL in /data/postgres is in use")
        .contains("MISSREC_JDBC_URL")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnreachableDatabaseNamesItsVariable() {
    Outcome o =
        run(
            Map.of(),
            new IllegalStateException(
                "lineage", new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));

    assertThat(o.code()).isEqualTo(CliErrors.UNREACHABLE);
    assertThat(o.err())
        .startsWith("missrec boom: cannot reach the lineage database (MISSREC_JDBC_URL)")
        .contains("refused");
  }

  @Test
  void anythingElseIsABugAndKeepsItsTrace() {
    Outcome o = run(Map.of(), new IllegalStateException("invariant broken"));

    assertThat(o.code()).isEqualTo(CliErrors.FAILED);
    assertThat(o.err())
        .startsWith("missrec boom: failed: java.lang.IllegalStateException: invariant broken\n")
        .contains("\tat ");
  }

  @Test
  void anArgumentRefusedDeepInsideIsNotMistakenForInput() {
    // e.g. a shape error from a library, wrapped on its way up: a bug, not the user's input
    Outcome o =
        run(Map.of(), new RuntimeException("step", new IllegalArgumentException("shape (2, 3)")));

    assertThat(o.code()).isEqualTo(CliErrors.FAILED);
  }

  private record Outcome(int code, String err) {}

  private static Outcome run(Map<String, String> env, RuntimeException thrown) {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Root())
            .addSubcommand("boom", new Boom(thrown))
            .setErr(new PrintWriter(err))
            .setExecutionExceptionHandler(new CliErrors(env))
            .execute("boom");
    return new Outcome(code, err.toString());
  }

  @Command(name = "missrec")
  static final class Root {}

  /** A command that throws what it was given. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final RuntimeException thrown;

    Boom(RuntimeException thrown) {
      this.thrown = thrown;
    }

    @Override
    public Integer call() {
      throw thrown;
    }
  }
}
