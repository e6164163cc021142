package io.missrec.activities.lineage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth), migrated
 * with Flyway, dropped on close. Skips the calling test class when no server listens there.
 */
public final class TestDatabase implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 5432;
  private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";

  private final String name;
  private final HikariDataSource dataSource;

  private TestDatabase(String name, HikariDataSource dataSource) {
    this.name = name;
    this.dataSource = dataSource;
  }

  /** Creates {@code missrec_test_<random>}; does not migrate it. */
  public static TestDatabase create() throws SQLException {
    assumeTrue(reachable(), "PostgreSQL is not reachable on " + HOST + ":" + PORT + "; skipping");
    String name = "missrec_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, "postgres", "", 4);
    return new TestDatabase(name, config.toDataSource("test-" + name));
  }

  /** Creates and migrates a fresh database. */
  public static TestDatabase migrated() throws SQLException {
    TestDatabase db = create();
    Migrator.migrate(db.dataSource());
    return db;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws SQLException {
    dataSource.close();
    try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static boolean reachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
