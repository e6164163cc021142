package io.missrec.app.cli;

import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.app.worker.QueueNames;
import io.missrec.app.worker.WorkerHost;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code missrec worker --queues cpu,gpu}: serves task queues until the process is stopped. */
@Command(
    name = "worker",
    header = "Serve the cpu and/or gpu task queues of a cluster.",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the given task queues until stopped: cpu (workflows, data, features,",
      "evaluation) and/or gpu (training; DJL uses a GPU when its engine sees one).",
      "Services come from the environment (docs/operations.md); any that is unset is",
      "started embedded in this process."
    })
public final class WorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Option(
      names = "--queues",
      split = ",",
      defaultValue = "cpu,gpu",
      description = "queues to serve: cpu, gpu or cpu,gpu (default)")
  List<String> queues;

  @Override
  public Integer call() throws InterruptedException {
    Set<String> taskQueues = QueueNames.parse(queues);
    Settings configured = Settings.fromEnv();
    EmbeddedStack stack = configured.needsEmbedded() ? EmbeddedStack.start(configured) : null;
    Settings settings = stack != null ? stack.settings() : configured;
    log.info("services:\n{}", settings.describe());
    ServiceConnections services = null;
    WorkerHost host;
    try {
      services = ServiceConnections.open(settings);
      host = WorkerHost.start(services, settings, taskQueues);
    } catch (RuntimeException | Error e) {
      closeQuietly(services, stack);
      throw e;
    }
    ServiceConnections opened = services;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.close();
                  closeQuietly(opened, stack);
                },
                "missrec-worker-shutdown"));
    host.awaitTermination();
    return 0;
  }

  private static void closeQuietly(ServiceConnections services, EmbeddedStack stack) {
    try {
      if (services != null) {
        services.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }
}
