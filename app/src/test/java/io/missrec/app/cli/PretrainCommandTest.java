package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.app.config.Settings;
import io.missrec.app.stack.FreshDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What `./missrec pretrain` says before it connects anywhere: wrong input, missing services. */
class PretrainCommandTest {
  @TempDir Path dataDir;

  @Test
  void badArgumentsAreNamedBeforeAnythingStarts() {
    CliRun noName = pretrain(Map.of(), "--dataset", "/data/office");
    assertThat(noName.exitCode()).isEqualTo(2);
    assertThat(noName.err()).contains("expected NAME=LOCATION");

    CliRun twice = pretrain(Map.of(), "--dataset", "a=/x", "--dataset", "a=/y");
    assertThat(twice.err()).contains("name a is given twice");

    CliRun epochs = pretrain(Map.of(), "--dataset", "a=/x", "--epochs", "0");
    assertThat(epochs.exitCode()).isEqualTo(2);
    assertThat(epochs.err()).contains("--epochs");

    CliRun encoder = pretrain(Map.of(), "--dataset", "a=/x", "--encoder", "text");
    assertThat(encoder.exitCode()).isEqualTo(2);

    assertThat(dataDir.resolve("postgres")).as("no embedded service started").doesNotExist();
  }

  @Test
  void detachNeedsAClusterAndAClusterNeedsItsLineageDatabase() {
    CliRun detach = pretrain(Map.of(), "--dataset", "a=/x", "--detach");
    assertThat(detach.exitCode()).isEqualTo(2);
    assertThat(detach.err()).contains("--detach needs a running cluster");

    CliRun cluster = pretrain(Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"), "--dataset", "a=/x");
    assertThat(cluster.exitCode()).isEqualTo(2);
    assertThat(cluster.err()).contains("set MISSREC_JDBC_URL");
    assertThat(dataDir.resolve("postgres")).as("no embedded service started").doesNotExist();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void pretrainsTwoSourcesThroughTheWorkflowAndRegistersTheModel() throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      CliRun run =
          pretrain(
              Map.of("MISSREC_JDBC_URL", db.jdbcUrl()),
              "--dataset",
              "synth-a=synthetic://synth-a?items=120&users=200",
              "--dataset",
              "synth-b=synthetic://synth-b?items=120&users=200",
              "--epochs",
              "1",
              "--batch-size",
              "64",
              "--register-as",
              "pretrain-cli-test",
              "--interval",
              "200ms");

      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out())
          .contains("pretrain  [synth-a, synth-b], registered as pretrain-cli-test")
          .contains("PRETRAINING")
          .contains("model version pretrain-cli-test:1")
          .as("one epoch: its checkpoint is handed on, its optimizer state is cleaned up")
          .contains("removed 1 training intermediate (");
      try (Connection c = DriverManager.getConnection(db.jdbcUrl());
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(DISTINCT e.input_artifact_uri) FROM run r JOIN lineage_edge e"
                          + " ON e.run_id = r.id"
                          + " WHERE r.activity = 'pretrain' AND e.role LIKE 'dataset:%'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("both source snapshots feed the pre-training").isEqualTo(2);
      }
      try (Connection c = DriverManager.getConnection(db.jdbcUrl());
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT a.kind FROM artifact_removal r JOIN artifact a ON a.uri ="
                          + " r.artifact_uri")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("optimizer_state");
        assertThat(rs.next()).as("one removal").isFalse();
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aDatasetTheWorkflowRefusesEndsInOneLineAndExitTwo() throws Exception {
    Path missing = dataDir.resolve("nowhere");
    try (FreshDatabase db = FreshDatabase.create()) {
      CliRun run =
          pretrain(
              Map.of("MISSREC_JDBC_URL", db.jdbcUrl()),
              "--dataset",
              "x=" + missing,
              "--interval",
              "200ms");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(run.err())
          .containsPattern(
              "pretrain pretrain-\\S+ failed: dataset x: folder " + missing + " does not exist\n")
          .doesNotContain("nonRetryable");
    }
  }

  @Test
  void keepIntermediatesReachesTheRequest() {
    assertThat(parsed("--dataset", "a=/x").request().keepIntermediates()).isFalse();
    assertThat(parsed("--dataset", "a=/x", "--keep-intermediates").request().keepIntermediates())
        .isTrue();
  }

  private static PretrainCommand parsed(String... args) {
    PretrainCommand command = new PretrainCommand();
    new picocli.CommandLine(command).parseArgs(args);
    return command;
  }

  private CliRun pretrain(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.put("MISSREC_DATA", dataDir.toString());
    try (CommandEnvironment ignored = CommandEnvironment.of(Settings.fromEnv(all, dataDir))) {
      String[] full = new String[args.length + 1];
      full[0] = "pretrain";
      System.arraycopy(args, 0, full, 1, args.length);
      return CliRun.of(full);
    }
  }
}
