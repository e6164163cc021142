package io.missrec.activities.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The git commit of the running code, recorded with every lineage run. */
public final class CodeVersion {
  /** Classpath resource a build may write, with key {@value #COMMIT_KEY}. */
  public static final String BUILD_PROPERTIES = "/missrec-build.properties";

  public static final String COMMIT_KEY = "git.commit";
  public static final String UNKNOWN = "unknown";

  /** Appended to the commit when tracked files differ from it. */
  public static final String DIRTY_SUFFIX = "-dirty";

  /** System property naming the checkout (the {@code missrec} script sets it). */
  static final String HOME_PROPERTY = "missrec.home";

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static volatile String cached;

  private CodeVersion() {}

  /**
   * The commit the running code was built from when the build recorded it ({@code ./missrec} builds
   * with {@code -Dmissrec.commit}); else {@code git rev-parse HEAD} of the checkout ({@code
   * -Dmissrec.home}, else the working directory), in both cases with {@value #DIRTY_SUFFIX} when
   * tracked files differed from the commit; else {@value #UNKNOWN}. The build's record comes first
   * because the checkout may have moved on since the jar was built. Computed once per process.
   */
  public static String current() {
    String version = cached;
    if (version == null) {
      version = fromBuildProperties();
      if (version == null) {
        version = fromGit();
      }
      cached = version == null ? UNKNOWN : version;
      version = cached;
    }
    return version;
  }

  private static String fromGit() {
    // the checkout the app was started from (set by ./missrec), not whatever directory it runs in
    return ofCheckout(System.getProperty(HOME_PROPERTY, "."));
  }

  /** The commit of the git checkout at {@code dir}, marked dirty when edited; null if none. */
  static String ofCheckout(String dir) {
    String head = git(dir, "rev-parse", "HEAD");
    if (head == null || !COMMIT.matcher(head).matches()) {
      return null;
    }
    String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
    // an auditor must not mistake a run of edited code for a run of the commit
    return changes == null || changes.isEmpty() ? head : head + DIRTY_SUFFIX;
  }

  /** {@code git -C dir args...}'s trimmed output, or null when git fails or hangs. */
  private static String git(String dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir));
    command.addAll(List.of(args));
    try {
      Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
      git.getOutputStream().close();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return null;
      }
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String fromBuildProperties() {
    try (InputStream in = CodeVersion.class.getResourceAsStream(BUILD_PROPERTIES)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return recorded(properties.getProperty(COMMIT_KEY));
    } catch (IOException e) {
      return null;
    }
  }

  /** The build's value, or null when the build recorded none (empty or left unfiltered). */
  static String recorded(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    return v.isEmpty() || v.startsWith("${") ? null : v;
  }
}
