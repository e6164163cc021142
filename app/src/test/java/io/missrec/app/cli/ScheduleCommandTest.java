package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedTemporal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Schedules against what this machine can run: no Temporal address, or the embedded in-memory
 * server (no Schedules API). Either way a one-line explanation and exit code 3, no stack trace.
 */
class ScheduleCommandTest {
  private static final String[] CREATE = {
    "create", "nightly", "--model", "m", "--dataset", "a=synthetic://synth-a", "--every", "24h"
  };

  @TempDir Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Settings settings, String... args) {
    ScheduleCommand command =
        new ScheduleCommand(
            settings,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    CommandLine cli = new CommandLine(command);
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return cli.execute(args);
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Settings embeddedDefaults() {
    return Settings.fromEnv(Map.of("MISSREC_DATA", home.toString()), home);
  }

  @Test
  void withoutTemporalAddressSaysSchedulesNeedARealCluster() {
    assertThat(embeddedDefaults().temporalAddress()).isNull();
    assertThat(run(embeddedDefaults(), CREATE)).isEqualTo(CliErrors.UNREACHABLE);
    assertThat(errText())
        .contains("Temporal Schedules need a real Temporal cluster")
        .contains("TEMPORAL_ADDRESS is not set");
  }

  @Test
  void againstTheInMemoryServerEveryActionExplainsInsteadOfAGrpcTrace() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(port)) {
      Settings settings = embeddedDefaults().withTemporalAddress(temporal.address());
      for (String[] args :
          new String[][] {
            CREATE, {"list"}, {"pause", "nightly"}, {"unpause", "nightly"}, {"delete", "nightly"}
          }) {
        err.reset();
        assertThat(run(settings, args)).as(args[0]).isEqualTo(CliErrors.UNREACHABLE);
        assertThat(errText())
            .as(args[0])
            .startsWith(
                "Temporal Schedules need a real Temporal cluster: the server at "
                    + temporal.address()
                    + " (TEMPORAL_ADDRESS) does not implement the Schedules API")
            .doesNotContain("StatusRuntimeException")
            .doesNotContain("\tat ");
      }
    }
  }

  @Test
  void badOptionsAreRejectedBeforeAnyServerIsAsked() {
    int code =
        run(
            embeddedDefaults(),
            "create",
            "nightly",
            "--model",
            "m",
            "--dataset",
            "a=/x",
            "--cron",
            "0 3 * *");
    assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(errText()).contains("--cron '0 3 * *': expected 5 fields");
  }
}
