package io.missrec.activities.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The git commit of the running code, recorded with every lineage run. */
public final class CodeVersion {
  /** Classpath resource a build may write, with key {@value #COMMIT_KEY}. */
  public static final String BUILD_PROPERTIES = "/missrec-build.properties";

  public static final String COMMIT_KEY = "git.commit";
  public static final String UNKNOWN = "unknown";

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static volatile String cached;

  private CodeVersion() {}

  /**
   * {@code git rev-parse HEAD} of the working directory when git answers, else the build property,
   * else {@value #UNKNOWN}. Computed once per process.
   */
  public static String current() {
    String version = cached;
    if (version == null) {
      version = fromGit();
      if (version == null) {
        version = fromBuildProperties();
      }
      cached = version == null ? UNKNOWN : version;
      version = cached;
    }
    return version;
  }

  private static String fromGit() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      git.getOutputStream().close();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return null;
      }
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.exitValue() == 0 && COMMIT.matcher(out).matches() ? out : null;
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
      String commit = properties.getProperty(COMMIT_KEY);
      return commit == null || commit.isBlank() ? null : commit.trim();
    } catch (IOException e) {
      return null;
    }
  }
}
