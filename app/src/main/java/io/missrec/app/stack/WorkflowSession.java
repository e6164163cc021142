package io.missrec.app.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.app.config.Settings;
import io.missrec.app.worker.WorkerHost;
import io.missrec.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a command that starts workflows needs: a workflow client and the lineage store the workers
 * record in. On a cluster ({@code TEMPORAL_ADDRESS} set) that is the cluster's frontend and its
 * lineage database, and the cluster's workers do the work. Otherwise the services left unset start
 * in this process with a worker serving both queues, as for {@code ./missrec demo}, and the work
 * lives as long as the session.
 */
public final class WorkflowSession implements AutoCloseable {
  private final WorkflowClient client;
  private final LineageStore lineage;
  private final Settings settings;
  private final boolean inProcess;
  private final List<AutoCloseable> resources;

  private WorkflowSession(
      WorkflowClient client,
      LineageStore lineage,
      Settings settings,
      boolean inProcess,
      List<AutoCloseable> resources) {
    this.client = client;
    this.lineage = lineage;
    this.settings = settings;
    this.inProcess = inProcess;
    this.resources = resources;
  }

  /**
   * The session a command's workflows run in: on the cluster when {@code TEMPORAL_ADDRESS} is set,
   * else in this process, which {@code out} is told before the services start.
   *
   * @param detach whether the command would return before the run ends, which needs a cluster
   * @param lookup what else the lineage database is needed for on a cluster (e.g. {@code "where
   *     model version m:1 is looked up"}), or null
   * @throws IllegalArgumentException when the settings cannot serve the command: {@code --detach}
   *     without a cluster, or a cluster without a lineage database; the message says what to set
   */
  public static WorkflowSession forCommand(
      Settings configured, String poolName, boolean detach, String lookup, PrintStream out) {
    if (configured.temporalAddress() != null) {
      if (configured.database() == null) {
        throw new IllegalArgumentException(
            "TEMPORAL_ADDRESS is set, so the run goes to that cluster's workers; set"
                + " MISSREC_JDBC_URL (and MISSREC_JDBC_USER, MISSREC_JDBC_PASSWORD) to the"
                + " lineage database they record in"
                + (lookup == null ? "" : ", " + lookup));
      }
      return onCluster(configured, poolName);
    }
    if (detach) {
      throw new IllegalArgumentException(
          "--detach needs a running cluster: without TEMPORAL_ADDRESS the services and the"
              + " worker run inside this command and stop with it. Start `./missrec worker`"
              + " against shared services (docs/operations.md) and set TEMPORAL_ADDRESS and"
              + " MISSREC_JDBC_URL, or run without --detach");
    }
    out.println("starting embedded services and a worker in this process (TEMPORAL_ADDRESS unset)");
    return inProcess(configured);
  }

  /**
   * Connects to the cluster in {@code settings}.
   *
   * @throws IllegalStateException when the settings name no lineage database ({@code
   *     MISSREC_JDBC_URL}): the caller words the message for its command
   */
  public static WorkflowSession onCluster(Settings settings, String poolName) {
    if (settings.database() == null) {
      throw new IllegalStateException("no lineage database configured");
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      TemporalConnection temporal = TemporalConnection.open(settings);
      opened.add(temporal);
      HikariDataSource dataSource = settings.database().toDataSource(poolName);
      opened.add(dataSource);
      return new WorkflowSession(
          temporal.client(), new JdbcLineageStore(dataSource), settings, false, opened);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** Starts the services {@code configured} leaves unset, connects, and starts a worker. */
  public static WorkflowSession inProcess(Settings configured) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      EmbeddedStack stack = EmbeddedStack.start(configured);
      opened.add(stack);
      ServiceConnections services = ServiceConnections.open(stack.settings());
      opened.add(services);
      opened.add(
          WorkerHost.start(services, stack.settings(), Set.of(TaskQueues.CPU, TaskQueues.GPU)));
      return new WorkflowSession(
          services.workflowClient(), services.lineage(), stack.settings(), true, opened);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  public WorkflowClient client() {
    return client;
  }

  public LineageStore lineage() {
    return lineage;
  }

  /** The effective settings (embedded services' addresses filled in). */
  public Settings settings() {
    return settings;
  }

  /** Whether the services and the worker run in this process (and stop with the session). */
  public boolean inProcess() {
    return inProcess;
  }

  @Override
  public void close() {
    RuntimeException failure = closeAll(resources, null);
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes in reverse opening order (worker before connections before services). */
  private static RuntimeException closeAll(List<AutoCloseable> opened, RuntimeException failure) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }
}
