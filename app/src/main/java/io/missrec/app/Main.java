package io.missrec.app;

import io.missrec.app.cli.ArtifactCommand;
import io.missrec.app.cli.BenchCommand;
import io.missrec.app.cli.CliErrors;
import io.missrec.app.cli.DemoCommand;
import io.missrec.app.cli.LineageCommand;
import io.missrec.app.cli.ModelCommand;
import io.missrec.app.cli.PretrainCommand;
import io.missrec.app.cli.RecommendCommand;
import io.missrec.app.cli.ReportCommand;
import io.missrec.app.cli.ScheduleCommand;
import io.missrec.app.cli.ServeCommand;
import io.missrec.app.cli.StatusCommand;
import io.missrec.app.cli.TrainCommand;
import io.missrec.app.cli.TransferCommand;
import io.missrec.app.cli.WorkerCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./missrec}. */
@Command(
    name = "missrec",
    mixinStandardHelpOptions = true,
    version = "missrec-platform 0.1.0",
    description = "Pre-train and transfer MISSRec sequential recommenders.",
    subcommands = {
      DemoCommand.class,
      WorkerCommand.class,
      StatusCommand.class,
      ScheduleCommand.class,
      TrainCommand.class,
      PretrainCommand.class,
      BenchCommand.class,
      LineageCommand.class,
      TransferCommand.class,
      ModelCommand.class,
      ReportCommand.class,
      RecommendCommand.class,
      ServeCommand.class,
      ArtifactCommand.class
    })
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * The command line as {@code ./missrec} runs it: case-insensitive enum values and {@link
   * CliErrors} for what a command throws. Built after any redirection of System.out/err, which it
   * writes to.
   */
  public static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new CliErrors(env));
  }
}
