package io.missrec.app.stack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.missrec.activities.lineage.DatabaseConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An empty database {@code missrec_app_<random>} on the local PostgreSQL (127.0.0.1:5432, trust
 * auth), dropped on close. Skips the calling test when no server listens there.
 */
public final class FreshDatabase implements AutoCloseable {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private final String name;

  private FreshDatabase(String name) {
    this.name = name;
  }

  public static FreshDatabase create() throws SQLException {
    assumeTrue(reachable(), "PostgreSQL is not reachable on 127.0.0.1:5432; skipping");
    String name = "missrec_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + name);
    return new FreshDatabase(name);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:5432/" + name;
  }

  public DatabaseConfig config() {
    return new DatabaseConfig(jdbcUrl(), "postgres", "", 4);
  }

  @Override
  public void close() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement st = admin.createStatement()) {
      st.execute(sql);
    }
  }

  private static boolean reachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
