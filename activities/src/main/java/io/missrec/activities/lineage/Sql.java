package io.missrec.activities.lineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Prepared-statement plumbing shared by the JDBC stores of this package: bind the arguments, run,
 * map the rows, close. Arguments bind by their Java type ({@code String}, {@code Long}, {@code
 * Integer}, {@code Double}, {@code Boolean}); a {@code null} binds as an untyped SQL NULL, which
 * PostgreSQL types from its column or cast.
 */
final class Sql {
  private Sql() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Binds one item of a batch to the statement's parameters. */
  @FunctionalInterface
  interface Binder<T> {
    void bind(PreparedStatement st, T item) throws SQLException;
  }

  /** Runs an INSERT/UPDATE (or a statement whose result is not read); returns the row count. */
  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      bind(st, args);
      return st.execute() ? 0 : st.getUpdateCount();
    }
  }

  /** Every row of a query, mapped in result order. */
  static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      bind(st, args);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(row.map(rs));
        }
      }
      return rows;
    }
  }

  /** The first row of a query, mapped, or empty when it returns none. */
  static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      bind(st, args);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
      }
    }
  }

  /** Runs one statement for each item as a single JDBC batch; nothing for no items. */
  static <T> void batch(Connection c, String sql, Collection<T> items, Binder<T> binder)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (T item : items) {
        binder.bind(st, item);
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** A nullable {@code bigint} column: null where SQL holds NULL, not 0. */
  static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static void bind(PreparedStatement st, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      int index = i + 1;
      Object arg = args[i];
      if (arg == null) {
        st.setNull(index, Types.NULL);
      } else if (arg instanceof String s) {
        st.setString(index, s);
      } else if (arg instanceof Long n) {
        st.setLong(index, n);
      } else if (arg instanceof Integer n) {
        st.setInt(index, n);
      } else if (arg instanceof Double x) {
        st.setDouble(index, x);
      } else if (arg instanceof Boolean b) {
        st.setBoolean(index, b);
      } else {
        throw new IllegalArgumentException(
            "cannot bind parameter " + index + " of type " + arg.getClass().getName());
      }
    }
  }
}
