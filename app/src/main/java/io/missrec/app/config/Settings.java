package io.missrec.app.config;

import io.missrec.activities.artifact.S3Config;
import io.missrec.activities.lineage.DatabaseConfig;
import io.missrec.activities.metrics.MetricsSinks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the platform's services are, read from the environment (see docs/operations.md). A service
 * left unset is started embedded by {@code EmbeddedStack}, which hands back these settings with its
 * endpoints filled in. {@link #toString()} never shows credentials.
 *
 * @param temporalAddress {@code host:port} of the Temporal frontend, or null for the embedded
 *     server
 * @param temporalNamespace Temporal namespace
 * @param s3 S3 endpoint and bucket, or null for the embedded S3Proxy
 * @param database lineage database, or null for the embedded PostgreSQL
 * @param mlflowTrackingUri MLflow tracking server, or null to record metrics in lineage only
 * @param stickyQueueTimeout how long a workflow task waits for the worker that last ran it; null
 *     picks zero for the embedded Temporal server (it does not notice dead workers) and the SDK's 5
 *     s for a real cluster
 * @param trainingHeartbeatTimeout heartbeat timeout of training activities, or null for the
 *     workflow's own (minutes); a short one makes a crashed training worker be noticed sooner
 * @param dataDir the project data directory (embedded services' data, generated datasets)
 * @param workDir scratch space of activities
 */
public record Settings(
    String temporalAddress,
    String temporalNamespace,
    S3Config s3,
    DatabaseConfig database,
    String mlflowTrackingUri,
    Duration stickyQueueTimeout,
    Duration trainingHeartbeatTimeout,
    Path dataDir,
    Path workDir) {

  public static final String TEMPORAL_ADDRESS = "TEMPORAL_ADDRESS";
  public static final String TEMPORAL_NAMESPACE = "TEMPORAL_NAMESPACE";
  public static final String JDBC_URL = DatabaseConfig.URL_ENV;
  public static final String JDBC_USER = DatabaseConfig.USER_ENV;
  public static final String JDBC_PASSWORD = DatabaseConfig.PASSWORD_ENV;
  public static final String STICKY_TIMEOUT = "MISSREC_STICKY_TIMEOUT";
  public static final String TRAINING_HEARTBEAT_TIMEOUT = "MISSREC_TRAINING_HEARTBEAT_TIMEOUT";
  public static final String DATA_DIR = "MISSREC_DATA";
  public static final String WORK_DIR = "MISSREC_WORK_DIR";
  public static final String DEFAULT_NAMESPACE = "default";

  /** The SDK default, right for a real cluster. */
  static final Duration CLUSTER_STICKY_TIMEOUT = Duration.ofSeconds(5);

  public Settings {
    Objects.requireNonNull(temporalNamespace, "temporalNamespace");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(workDir, "workDir");
  }

  /** From the process environment; the project home is {@code -Dmissrec.home} or the cwd. */
  public static Settings fromEnv() {
    return fromEnv(System.getenv(), Path.of(System.getProperty("missrec.home", ".")));
  }

  /**
   * @param env environment variables
   * @param home project root; the data directory defaults to {@code <home>/.missrec}
   * @throws IllegalArgumentException or IllegalStateException naming the variable that is wrong
   */
  public static Settings fromEnv(Map<String, String> env, Path home) {
    Path dataDir =
        present(env, DATA_DIR)
            ? Path.of(env.get(DATA_DIR))
            : home.toAbsolutePath().normalize().resolve(".missrec");
    Path workDir = present(env, WORK_DIR) ? Path.of(env.get(WORK_DIR)) : dataDir.resolve("work");
    S3Config s3 = present(env, S3Config.ENDPOINT_ENV) ? S3Config.fromEnv(env) : null;
    DatabaseConfig database = present(env, JDBC_URL) ? DatabaseConfig.fromEnv(env) : null;
    return new Settings(
        present(env, TEMPORAL_ADDRESS) ? env.get(TEMPORAL_ADDRESS).trim() : null,
        present(env, TEMPORAL_NAMESPACE) ? env.get(TEMPORAL_NAMESPACE).trim() : DEFAULT_NAMESPACE,
        s3,
        database,
        present(env, MetricsSinks.TRACKING_URI_ENV) ? env.get(MetricsSinks.TRACKING_URI_ENV) : null,
        present(env, STICKY_TIMEOUT)
            ? Durations.parse(STICKY_TIMEOUT, env.get(STICKY_TIMEOUT))
            : null,
        present(env, TRAINING_HEARTBEAT_TIMEOUT)
            ? Durations.parse(TRAINING_HEARTBEAT_TIMEOUT, env.get(TRAINING_HEARTBEAT_TIMEOUT))
            : null,
        dataDir.toAbsolutePath().normalize(),
        workDir.toAbsolutePath().normalize());
  }

  /** Whether some service is left to the embedded stack. */
  public boolean needsEmbedded() {
    return temporalAddress == null || s3 == null || database == null;
  }

  /** The sticky timeout workers use (see {@link #stickyQueueTimeout}). */
  public Duration effectiveStickyTimeout(boolean embeddedTemporal) {
    if (stickyQueueTimeout != null) {
      return stickyQueueTimeout;
    }
    return embeddedTemporal ? Duration.ZERO : CLUSTER_STICKY_TIMEOUT;
  }

  public Settings withTemporalAddress(String address) {
    return new Settings(
        address,
        temporalNamespace,
        s3,
        database,
        mlflowTrackingUri,
        stickyQueueTimeout,
        trainingHeartbeatTimeout,
        dataDir,
        workDir);
  }

  public Settings withS3(S3Config config) {
    return new Settings(
        temporalAddress,
        temporalNamespace,
        config,
        database,
        mlflowTrackingUri,
        stickyQueueTimeout,
        trainingHeartbeatTimeout,
        dataDir,
        workDir);
  }

  public Settings withDatabase(DatabaseConfig config) {
    return new Settings(
        temporalAddress,
        temporalNamespace,
        s3,
        config,
        mlflowTrackingUri,
        stickyQueueTimeout,
        trainingHeartbeatTimeout,
        dataDir,
        workDir);
  }

  public Settings withStickyQueueTimeout(Duration timeout) {
    return new Settings(
        temporalAddress,
        temporalNamespace,
        s3,
        database,
        mlflowTrackingUri,
        timeout,
        trainingHeartbeatTimeout,
        dataDir,
        workDir);
  }

  public Settings withTrainingHeartbeatTimeout(Duration timeout) {
    return new Settings(
        temporalAddress,
        temporalNamespace,
        s3,
        database,
        mlflowTrackingUri,
        stickyQueueTimeout,
        timeout,
        dataDir,
        workDir);
  }

  /**
   * These settings as environment variables, for a child process (e.g. a worker pointed at this
   * process's embedded services). Holds credentials: pass it to a process, never log it.
   */
  public Map<String, String> toEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    put(env, TEMPORAL_ADDRESS, temporalAddress);
    env.put(TEMPORAL_NAMESPACE, temporalNamespace);
    if (s3 != null) {
      env.put(S3Config.ENDPOINT_ENV, s3.endpoint());
      env.put(S3Config.REGION_ENV, s3.region());
      env.put(S3Config.ACCESS_KEY_ENV, s3.accessKey());
      env.put(S3Config.SECRET_KEY_ENV, s3.secretKey());
      env.put(S3Config.BUCKET_ENV, s3.bucket());
    }
    if (database != null) {
      env.put(JDBC_URL, database.jdbcUrl());
      env.put(JDBC_USER, database.user());
      env.put(JDBC_PASSWORD, database.password());
    }
    put(env, MetricsSinks.TRACKING_URI_ENV, mlflowTrackingUri);
    put(env, STICKY_TIMEOUT, stickyQueueTimeout == null ? null : stickyQueueTimeout.toString());
    put(
        env,
        TRAINING_HEARTBEAT_TIMEOUT,
        trainingHeartbeatTimeout == null ? null : trainingHeartbeatTimeout.toString());
    env.put(DATA_DIR, dataDir.toString());
    env.put(WORK_DIR, workDir.toString());
    return env;
  }

  /** One line per service for people: where each one is, without credentials. */
  public String describe() {
    return String.join(
        "\n",
        "temporal  "
            + (temporalAddress == null ? "embedded" : temporalAddress)
            + " (namespace "
            + temporalNamespace
            + ")",
        "s3        " + (s3 == null ? "embedded" : redact(s3.endpoint()) + " bucket " + s3.bucket()),
        "lineage   " + (database == null ? "embedded" : redact(database.jdbcUrl())),
        "mlflow    "
            + (mlflowTrackingUri == null
                ? "off (metrics in lineage only)"
                : redact(mlflowTrackingUri)),
        "data      " + dataDir);
  }

  @Override
  public String toString() {
    return "Settings[temporal="
        + temporalAddress
        + ", namespace="
        + temporalNamespace
        + ", s3="
        + s3
        + ", database="
        + (database == null ? null : redact(database.jdbcUrl()))
        + ", mlflow="
        + (mlflowTrackingUri == null ? null : redact(mlflowTrackingUri))
        + ", sticky="
        + stickyQueueTimeout
        + ", trainingHeartbeat="
        + trainingHeartbeatTimeout
        + ", dataDir="
        + dataDir
        + ", workDir="
        + workDir
        + "]";
  }

  /** Hides credentials a URL may carry: {@code user:secret@} and {@code password=...}. */
  static String redact(String url) {
    return url.replaceAll("//[^/@]+@", "//***@")
        .replaceAll("(?i)(password|secret|token)=[^&;]*", "$1=***");
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static void put(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }
}
