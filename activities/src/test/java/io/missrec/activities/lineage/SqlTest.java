package io.missrec.activities.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The statement helper against the real server: binding by type, NULLs, row counts, batches. */
class SqlTest {
  private static TestDatabase db;

  @BeforeAll
  static void create() throws SQLException {
    db = TestDatabase.create();
    try (Connection c = db.dataSource().getConnection()) {
      Sql.update(
          c,
          "CREATE TABLE t (name text NOT NULL, n bigint, i integer, x double precision,"
              + " flag boolean)");
    }
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  private record T(String name, Long n, int i, double x, boolean flag) {}

  private static List<T> all(Connection c) throws SQLException {
    return Sql.list(
        c,
        "SELECT name, n, i, x, flag FROM t ORDER BY name",
        rs ->
            new T(
                rs.getString(1),
                Sql.nullableLong(rs, 2),
                rs.getInt(3),
                rs.getDouble(4),
                rs.getBoolean(5)));
  }

  @Test
  void bindsEachTypeAndNullsAndCountsRows() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      Sql.update(c, "DELETE FROM t");
      assertThat(
              Sql.update(
                  c, "INSERT INTO t VALUES (?, ?, ?, ?, ?)", "a", 5_000_000_000L, 7, 0.25, true))
          .isEqualTo(1);
      assertThat(Sql.update(c, "INSERT INTO t VALUES (?, ?, ?, ?, ?)", "b", null, 1, -1.5, false))
          .isEqualTo(1);

      assertThat(all(c))
          .containsExactly(
              new T("a", 5_000_000_000L, 7, 0.25, true), new T("b", null, 1, -1.5, false));
      assertThat(Sql.update(c, "UPDATE t SET i = i + 1")).isEqualTo(2);
      assertThat(Sql.first(c, "SELECT i FROM t WHERE name = ?", rs -> rs.getInt(1), "a"))
          .contains(8);
      assertThat(Sql.first(c, "SELECT i FROM t WHERE name = ?", rs -> rs.getInt(1), "zz"))
          .isEmpty();
    }
  }

  @Test
  void batchesInsertEveryItemAndSkipAnEmptyList() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      Sql.update(c, "DELETE FROM t");
      Sql.batch(
          c,
          "INSERT INTO t (name, i) VALUES (?, ?)",
          List.of("x", "y", "z"),
          (st, name) -> {
            st.setString(1, name);
            st.setInt(2, name.charAt(0));
          });
      Sql.batch(c, "not even SQL", List.<String>of(), (st, name) -> {});
      assertThat(Sql.list(c, "SELECT i FROM t ORDER BY i", rs -> rs.getInt(1)))
          .containsExactly((int) 'x', (int) 'y', (int) 'z');
    }
  }

  @Test
  void refusesAnArgumentItCannotBind() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> Sql.update(c, "SELECT ?", new Object()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("parameter 1")
          .hasMessageContaining("java.lang.Object");
    }
  }
}
