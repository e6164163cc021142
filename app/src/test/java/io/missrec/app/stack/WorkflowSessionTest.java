package io.missrec.app.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.app.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice every workflow command makes: a cluster, or services in this process. */
class WorkflowSessionTest {
  @TempDir Path home;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void detachingWithoutAClusterIsRefusedBeforeAnyServiceStarts() {
    Settings settings = Settings.fromEnv(Map.of("MISSREC_DATA", home.toString()), home);

    assertThatThrownBy(() -> WorkflowSession.forCommand(settings, "pool", true, null, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--detach needs a running cluster")
        .hasMessageContaining("or run without --detach");
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(home.resolve("postgres")).as("no embedded database started").doesNotExist();
  }

  @Test
  void aClusterWithoutItsLineageDatabaseNamesTheSettingAndWhyItIsNeeded() {
    Settings settings =
        Settings.fromEnv(
            Map.of("MISSREC_DATA", home.toString(), "TEMPORAL_ADDRESS", "127.0.0.1:1"), home);

    assertThatThrownBy(
            () ->
                WorkflowSession.forCommand(settings, "pool", false, "where m:1 is registered", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set MISSREC_JDBC_URL")
        .hasMessageEndingWith("they record in, where m:1 is registered");
    assertThatThrownBy(() -> WorkflowSession.forCommand(settings, "pool", true, null, out))
        .as("on a cluster, --detach is fine; the database is still needed")
        .hasMessageEndingWith("the lineage database they record in");
  }
}
