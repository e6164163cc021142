package io.missrec.app.reliability;

import io.missrec.app.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code missrec worker --queues cpu,gpu} as a separate JVM on the test's classpath, pointed at the
 * test's services through its environment; output goes to a log file.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(Settings settings, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire puts the real classpath here; java.class.path may be a manifest-only jar.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx2g");
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    command.add("-cp");
    command.add(classpath);
    command.add("io.missrec.app.Main");
    command.add("worker");
    command.add("--queues");
    command.add("cpu,gpu");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(settings.toEnv());
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    builder.environment().put("DJL_OFFLINE", "true");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new WorkerProcess(builder.start(), log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no graceful worker stop. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The last lines of the worker's output, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
