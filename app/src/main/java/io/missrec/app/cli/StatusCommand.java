package io.missrec.app.cli;

import io.missrec.app.config.Durations;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedTemporal;
import io.missrec.app.stack.TemporalConnection;
import io.missrec.app.status.OpenPipelines;
import io.missrec.app.status.ProgressView;
import io.missrec.app.status.ProgressWatcher;
import io.missrec.app.status.StagePlan;
import io.missrec.workflows.payload.Progress;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code missrec status [workflow-id]}: a pipeline's stage, epoch, loss and metrics, live; without
 * an id, every open workflow with its stage.
 */
@Command(
    name = "status",
    header = "Follow a pipeline's progress, or list the open ones.",
    mixinStandardHelpOptions = true,
    description = {
      "Show a pipeline's progress (stage, epoch, loss, metrics) with progress bars,",
      "refreshing until the workflow completes. Without a workflow id, list every",
      "open workflow with its stage and epoch, oldest first. Temporal is at",
      "$TEMPORAL_ADDRESS (default 127.0.0.1:7233, where `missrec demo` serves when",
      "that port is free), namespace $TEMPORAL_NAMESPACE."
    })
public final class StatusCommand implements Callable<Integer> {
  /** How long the listing waits for a workflow's workers to answer its progress query. */
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

  @Parameters(
      index = "0",
      arity = "0..1",
      description = "workflow id (printed by `missrec demo`); none: list the open ones")
  String workflowId;

  @Option(names = "--once", description = "print the progress once and exit")
  boolean once;

  @Option(names = "--interval", defaultValue = "2s", description = "refresh interval (e.g. 2s)")
  String interval;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = Settings.fromEnv();
    if (settings.temporalAddress() == null) {
      settings = settings.withTemporalAddress("127.0.0.1:" + EmbeddedTemporal.DEFAULT_PORT);
    }
    PrintStream out = System.out;
    if (workflowId == null) {
      return list(settings, out);
    }
    ProgressView view = new ProgressView(StagePlan.forWorkflowId(workflowId));
    try (TemporalConnection temporal = TemporalConnection.open(settings)) {
      ProgressWatcher watcher =
          new ProgressWatcher(temporal.client(), Durations.parse("--interval", interval));
      if (once) {
        view.block(workflowId, watcher.query(workflowId)).forEach(out::println);
        return 0;
      }
      boolean tty = System.console() != null;
      int[] printed = {0};
      Progress last =
          watcher.watch(
              workflowId,
              () -> false,
              p -> {
                List<String> lines = view.block(workflowId, p);
                if (tty && printed[0] > 0) {
                  // Move up over the previous block and clear it, so the bars update in place.
                  out.print("\033[" + printed[0] + "F\033[J");
                } else if (printed[0] > 0) {
                  out.println();
                }
                lines.forEach(out::println);
                out.flush();
                printed[0] = lines.size();
              });
      return last.stage() == io.missrec.workflows.payload.Stage.FAILED ? 1 : 0;
    } catch (WorkflowNotFoundException e) {
      System.err.println("no workflow " + workflowId + " at " + settings.temporalAddress());
      return CliErrors.BAD_INPUT;
    }
  }

  static int list(Settings settings, PrintStream out) {
    try (TemporalConnection temporal = TemporalConnection.open(settings)) {
      List<OpenPipelines.Open> open =
          new OpenPipelines(temporal.stubs(), settings.temporalNamespace(), QUERY_TIMEOUT).list();
      out.printf(
          "%d open workflows at %s (namespace %s)%n",
          open.size(), settings.temporalAddress(), settings.temporalNamespace());
      for (OpenPipelines.Open o : open) {
        out.printf(
            "%-50s %-28s since %s  %s%n",
            o.workflowId(),
            o.type(),
            o.started().truncatedTo(ChronoUnit.SECONDS),
            o.progress() == null ? o.unanswered() : describe(o.progress()));
      }
      return 0;
    }
  }

  /** {@code PRETRAINING epoch 3/20 loss 2.5887}, as far as the progress goes. */
  static String describe(Progress p) {
    StringBuilder text = new StringBuilder(p.stage().name());
    if (p.totalEpochs() > 0) {
      text.append(" epoch ").append(p.epoch()).append('/').append(p.totalEpochs());
    }
    if (p.loss() != null) {
      text.append(String.format(Locale.ROOT, " loss %.4f", p.loss()));
    }
    return text.toString();
  }
}
