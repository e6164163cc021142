package io.missrec.activities.lineage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs JDBC work in one transaction and turns SQL errors into {@link LineageStoreException}. */
final class Transactions {

  /** Work inside a transaction; may throw SQL errors. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Work inside a transaction that returns nothing. */
  @FunctionalInterface
  interface Action {
    void run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Commits when {@code work} returns, rolls back when it throws anything (so a failed multi-row
   * write leaves nothing behind).
   */
  <T> T inTransaction(String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new LineageStoreException(describe(operation, e), e);
    }
  }

  /** {@link #inTransaction} for work that returns nothing. */
  void run(String operation, Action action) {
    inTransaction(
        operation,
        c -> {
          action.run(c);
          return null;
        });
  }

  private static String describe(String operation, SQLException e) {
    StringBuilder message = new StringBuilder(operation).append(" failed: ");
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      message.append(server.getMessage());
      if (server.getConstraint() != null) {
        message.append(" (constraint ").append(server.getConstraint()).append(')');
      }
      if (server.getDetail() != null) {
        message.append(": ").append(server.getDetail());
      }
    } else {
      message.append(e.getMessage());
    }
    return message.append(" [SQLState ").append(e.getSQLState()).append(']').toString();
  }
}
