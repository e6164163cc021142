package io.missrec.app.cli;

import io.missrec.app.config.Durations;
import io.missrec.app.config.Settings;
import io.missrec.app.demo.DemoData;
import io.missrec.app.schedule.RetrainScheduleSpec;
import io.missrec.app.schedule.RetrainScheduler;
import io.missrec.app.schedule.SchedulesUnavailableException;
import io.missrec.app.stack.TemporalConnection;
import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code missrec schedule create|list|pause|unpause|delete}: retraining on Temporal Schedules.
 * Needs a real Temporal cluster at {@code $TEMPORAL_ADDRESS}; the embedded in-memory server has no
 * Schedules API, which is said plainly instead of a gRPC stack trace.
 */
@Command(
    name = "schedule",
    header = "Retrain on Temporal Schedules when the data changed.",
    mixinStandardHelpOptions = true,
    description = {
      "Schedule retraining of the pre-training pipeline on Temporal Schedules.",
      "Each firing snapshots the datasets and retrains only when their sha256",
      "differs from the model's last successful training; skips and retrains",
      "are recorded with their reason in lineage (table retrain_decision).",
      "Needs a real Temporal cluster at $TEMPORAL_ADDRESS and a worker on it."
    })
public final class ScheduleCommand {

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  public ScheduleCommand() {
    this(null, System.out, System.err);
  }

  /** For tests: fixed settings (null reads the environment) and captured output. */
  ScheduleCommand(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** Options of {@code schedule create}. */
  static final class CreateOptions {
    @Parameters(index = "0", paramLabel = "ID", description = "schedule id")
    String id;

    @Option(names = "--model", required = true, description = "model name to register under")
    String model;

    @Mixin SourceOptions sources;

    @Option(names = "--cron", description = "cron expression in UTC, e.g. \"0 3 * * *\"")
    String cron;

    @Option(names = "--every", description = "fixed interval instead of --cron, e.g. 24h")
    String every;

    @Option(
        names = "--catchup-window",
        defaultValue = "1h",
        description = "run a firing missed by an outage if at most this late (default 1h)")
    String catchupWindow;

    @Option(
        names = "--epochs",
        defaultValue = "20",
        description = "pre-training epochs (default 20)")
    int epochs;

    @Option(
        names = "--batch-size",
        defaultValue = "256",
        description = "sequences per batch (default 256)")
    int batchSize;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "augmentation and training seed (default 42)")
    long seed;

    @Option(
        names = "--patience",
        defaultValue = "5",
        description = "early-stopping patience (default 5)")
    int patience;

    @Mixin RetentionOptions retention;

    RetrainScheduleSpec spec() {
      PipelineRequest request =
          new PipelineRequest(
              model,
              sources.sources(),
              DemoData.features(),
              AugmentationConfig.defaults(seed),
              InterestConfig.pretrainDefaults(),
              new TrainingConfig(
                  TrainingMode.INDUCTIVE, epochs, seed, batchSize, 1e-3, patience, null, Map.of()));
      return new RetrainScheduleSpec(
          id,
          request.withKeepIntermediates(retention.keepIntermediates),
          cron,
          every == null ? null : Durations.parse("--every", every),
          Durations.parse("--catchup-window", catchupWindow));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a retraining schedule.")
  int create(@Mixin CreateOptions options) {
    RetrainScheduleSpec spec;
    try {
      spec = options.spec();
    } catch (IllegalArgumentException e) {
      err.println("schedule create: " + e.getMessage());
      return CliErrors.BAD_INPUT;
    }
    return withScheduler(
        scheduler -> {
          scheduler.create(spec);
          out.println(
              "created schedule "
                  + spec.scheduleId()
                  + " ("
                  + (spec.cron() != null ? "cron " + spec.cron() : "every " + spec.every())
                  + ", overlap skip, catch-up window "
                  + spec.catchupWindow()
                  + "); runs start as "
                  + spec.workflowIdPrefix()
                  + "-<time>");
          return 0;
        });
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules.")
  int list() {
    return withScheduler(
        scheduler -> {
          List<RetrainScheduler.Listed> schedules = scheduler.list();
          if (schedules.isEmpty()) {
            out.println("no schedules");
          }
          for (RetrainScheduler.Listed s : schedules) {
            out.printf(
                "%-24s %-26s %-8s next %s%s%n",
                s.id(),
                s.workflowType(),
                s.paused() ? "paused" : "active",
                s.next() == null ? "-" : s.next(),
                s.note() == null || s.note().isEmpty() ? "" : "  (" + s.note() + ")");
          }
          return 0;
        });
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a schedule (no firings until unpaused).")
  int pause(
      @Parameters(paramLabel = "ID", description = "schedule id") String id,
      @Option(
              names = "--note",
              defaultValue = "paused from missrec",
              description = "note shown by list and the Temporal UI")
          String note) {
    return withScheduler(
        scheduler -> {
          scheduler.pause(id, note);
          out.println("paused schedule " + id);
          return 0;
        });
  }

  @Command(
      name = "unpause",
      mixinStandardHelpOptions = true,
      description = "Resume a paused schedule.")
  int unpause(
      @Parameters(paramLabel = "ID", description = "schedule id") String id,
      @Option(
              names = "--note",
              defaultValue = "unpaused from missrec",
              description = "note shown by list and the Temporal UI")
          String note) {
    return withScheduler(
        scheduler -> {
          scheduler.unpause(id, note);
          out.println("unpaused schedule " + id);
          return 0;
        });
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a schedule (running retrains continue).")
  int delete(@Parameters(paramLabel = "ID", description = "schedule id") String id) {
    return withScheduler(
        scheduler -> {
          scheduler.delete(id);
          out.println("deleted schedule " + id);
          return 0;
        });
  }

  private int withScheduler(Function<RetrainScheduler, Integer> work) {
    Settings resolved = settings != null ? settings : Settings.fromEnv();
    String address = resolved.temporalAddress();
    if (address == null) {
      err.println(SchedulesUnavailableException.message(null));
      return CliErrors.UNREACHABLE;
    }
    try (TemporalConnection temporal = TemporalConnection.open(resolved)) {
      ScheduleClient client =
          ScheduleClient.newInstance(
              temporal.stubs(),
              ScheduleClientOptions.newBuilder()
                  .setNamespace(resolved.temporalNamespace())
                  .build());
      return work.apply(new RetrainScheduler(client, address));
    } catch (SchedulesUnavailableException e) {
      err.println(e.getMessage());
      return CliErrors.UNREACHABLE;
    } catch (IllegalArgumentException e) {
      err.println("schedule: " + e.getMessage());
      return CliErrors.BAD_INPUT;
    }
  }
}
