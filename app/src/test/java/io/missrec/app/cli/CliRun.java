package io.missrec.app.cli;

import io.missrec.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One `./missrec` call in this JVM with stdout and stderr captured. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    return withEnv(Map.of(), args);
  }

  /** With {@code env} as the environment the error handler sees. */
  public static CliRun withEnv(Map<String, String> env, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      code = Main.commandLine(env).execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new CliRun(
        code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
  }
}
