package io.missrec.app.lineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads a dataset's name and format by digest (the lineage store API has no such lookup). */
final class DatasetNames {
  private final DataSource dataSource;

  DatasetNames(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** {@code "<name> (<format>)"} of the dataset with {@code digest}, if recorded. */
  Optional<String> describe(String digest) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT name, format FROM dataset WHERE digest = ?")) {
      st.setString(1, digest);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(rs.getString(1) + " (" + rs.getString(2) + ")")
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read dataset " + digest + " from lineage", e);
    }
  }
}
