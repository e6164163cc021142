package io.missrec.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command killed with SIGKILL leaves its embedded PostgreSQL running with nobody holding the data
 * folder's lock. The next command stops that orphan and starts at once, on the same data, instead
 * of waiting a minute for it and failing.
 */
class EmbeddedPostgresOrphanTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void theNextCommandStopsThePostgresAKilledCommandLeftRunning() throws Exception {
    Path data = dir.resolve("postgres");
    Process command = startHolder(data);
    long postmaster;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(command.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("ready "));
      assertThat(line).as("the holder process started its PostgreSQL").isNotNull();
      postmaster = Long.parseLong(line.substring("ready ".length()).strip());
    }
    command.destroyForcibly(); // SIGKILL: no shutdown hook stops the server
    command.waitFor(30, TimeUnit.SECONDS);
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
        .as("the killed command's PostgreSQL outlives it")
        .contains(true);

    long t0 = System.nanoTime();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("no minute-long wait for the orphan").isLessThan(Duration.ofSeconds(30));
      assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      try (Connection c = DriverManager.getConnection(server.config().jdbcUrl(), "postgres", "");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT note FROM written_before_the_kill")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("kept");
      }
    }
    // nothing to stop when the folder's last server was stopped properly
    assertThat(EmbeddedPostgresServer.stopOrphan(data)).isFalse();
  }

  /** A JVM that starts the server on {@code data}, writes a row, says "ready PID" and waits. */
  private static Process startHolder(Path data) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(java, "-Xmx256m", "-cp", classpath, Holder.class.getName(), data.toString()));
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return builder.start();
  }

  /** The killed command. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      Path data = Path.of(args[0]);
      EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
      try (Connection c = DriverManager.getConnection(server.config().jdbcUrl(), "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE written_before_the_kill (note text)");
        st.execute("INSERT INTO written_before_the_kill VALUES ('kept')");
      }
      String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip();
      System.out.println("ready " + pid);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
