package io.missrec.app.worker;

import ai.djl.engine.Engine;
import io.missrec.activities.impl.ActivityContext;
import io.missrec.activities.impl.ActivityImplementations;
import io.missrec.activities.impl.CodeVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.WorkerSettings;
import io.missrec.workflows.Workers;
import io.missrec.workflows.activities.TrainingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkflowImplementationOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one process: builds the activity implementations for the served queues, registers
 * them (and, on the CPU queue, the workflows) and polls until closed.
 */
public final class WorkerHost implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerHost.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

  private final WorkerFactory factory;
  private final Set<String> queues;

  private WorkerHost(WorkerFactory factory, Set<String> queues) {
    this.factory = factory;
    this.queues = queues;
  }

  /** Starts polling {@code queues} (task queue names, see {@link QueueNames}). */
  public static WorkerHost start(
      ServiceConnections services, Settings settings, Set<String> queues) {
    try {
      Files.createDirectories(settings.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create work directory " + settings.workDir(), e);
    }
    if (queues.contains(TaskQueues.GPU)) {
      logDevice();
    }
    String codeVersion = CodeVersion.current();
    ActivityContext context =
        new ActivityContext(
            services.artifacts(),
            services.lineage(),
            services.retention(),
            services.metrics(),
            settings.workDir(),
            codeVersion);
    List<Object> impls = new ArrayList<>();
    ActivityImplementations.forQueues(context, queues).values().forEach(impls::addAll);
    WorkerFactory factory = WorkerFactory.newInstance(services.workflowClient());
    WorkerSettings workerSettings =
        new WorkerSettings(settings.effectiveStickyTimeout(false), 4, 1);
    Workers.register(factory, queues, workerSettings, workflowOptions(settings), impls.toArray());
    factory.start();
    log.info(
        "worker serving {} ({} activity implementations, code {}, sticky timeout {})",
        queues,
        impls.size(),
        codeVersion,
        workerSettings.stickyQueueScheduleToStartTimeout());
    return new WorkerHost(factory, queues);
  }

  public Set<String> queues() {
    return queues;
  }

  /** Blocks until the process is interrupted or the factory is shut down. */
  public void awaitTermination() throws InterruptedException {
    while (!factory.isTerminated()) {
      factory.awaitTermination(1, TimeUnit.HOURS);
    }
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      factory.shutdownNow();
    }
  }

  /** Training activities' heartbeat timeout, when the settings override the workflow's. */
  static WorkflowImplementationOptions workflowOptions(Settings settings) {
    Duration heartbeat = settings.trainingHeartbeatTimeout();
    if (heartbeat == null) {
      return WorkflowImplementationOptions.getDefaultInstance();
    }
    Map<String, ActivityOptions> perType = new HashMap<>();
    for (POJOActivityMethodMetadata method :
        POJOActivityInterfaceMetadata.newInstance(TrainingActivities.class).getMethodsMetadata()) {
      perType.put(
          method.getActivityTypeName(),
          ActivityOptions.newBuilder().setHeartbeatTimeout(heartbeat).build());
    }
    return WorkflowImplementationOptions.newBuilder().setActivityOptions(perType).build();
  }

  private static void logDevice() {
    Engine engine = Engine.getInstance();
    log.info(
        "training on {} ({} {}, {} GPU(s) visible)",
        engine.defaultDevice(),
        engine.getEngineName(),
        engine.getVersion(),
        engine.getGpuCount());
  }
}
