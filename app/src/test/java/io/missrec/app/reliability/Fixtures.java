package io.missrec.app.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.missrec.activities.impl.ActivityContext;
import io.missrec.activities.impl.ActivityImplementations;
import io.missrec.app.demo.DemoData;
import io.missrec.app.demo.DemoRequests;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.PipelineRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** Small pipelines and checks shared by the reliability tests. */
final class Fixtures {
  private Fixtures() {}

  /** Skips when the activity implementations are not on the classpath yet (contract stubs). */
  static void assumeActivityImplementations(ServiceConnections services, Path workDir) {
    var impls =
        ActivityImplementations.forQueues(
            new ActivityContext(
                services.artifacts(),
                services.lineage(),
                services.retention(),
                services.metrics(),
                workDir,
                "test"),
            Set.of(TaskQueues.CPU, TaskQueues.GPU));
    assumeTrue(
        impls.values().stream().mapToInt(List::size).sum() > 0,
        "no activity implementations on the classpath (io.missrec.activities.impl stubs);"
            + " skipping until they are merged");
  }

  /** Pre-training on two small synthetic domains, written under {@code dir}. */
  static PipelineRequest smallPretrain(Path dir, int epochs) {
    List<DatasetRef> domains =
        new DemoData(dir, SyntheticConfig.defaults().withSize(120, 200)).ensureWritten();
    return new DemoRequests(epochs, 1, 64, 7, Map.of()).pretrain(domains.subList(0, 2));
  }

  /** The rows of a query, one line each, for failure messages. */
  static String rows(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      StringBuilder out = new StringBuilder();
      try (ResultSet rs = st.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            out.append(i > 1 ? " | " : "\n").append(rs.getString(i));
          }
        }
      }
      return out.toString();
    }
  }

  static long count(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
