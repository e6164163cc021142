package io.missrec.activities.lineage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.Objects;

/**
 * Where the lineage database lives. {@link #toString()} hides the password.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/missrec}
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {
  public static final String URL_ENV = "MISSREC_JDBC_URL";
  public static final String USER_ENV = "MISSREC_JDBC_USER";
  public static final String PASSWORD_ENV = "MISSREC_JDBC_PASSWORD";

  public DatabaseConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize " + maxPoolSize + " < 1");
    }
  }

  /**
   * From {@code MISSREC_JDBC_URL} (required), {@code MISSREC_JDBC_USER}, {@code
   * MISSREC_JDBC_PASSWORD}.
   */
  public static DatabaseConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  public static DatabaseConfig fromEnv(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(URL_ENV + " is not set (e.g. jdbc:postgresql://host/db)");
    }
    return new DatabaseConfig(
        url, env.getOrDefault(USER_ENV, "postgres"), env.get(PASSWORD_ENV), 4);
  }

  /** A pooled data source; the caller closes it. */
  public HikariDataSource toDataSource(String poolName) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    return new HikariDataSource(config);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
  }
}
