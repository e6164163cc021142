package io.missrec.app.cli;

import io.missrec.app.config.Settings;
import java.util.function.Supplier;

/**
 * Points the transfer, pretrain, model, recommend and serve commands at a test's services instead
 * of the environment.
 */
public final class CommandEnvironment implements AutoCloseable {
  private final Supplier<Settings> transfer = TransferCommand.environment;
  private final Supplier<Settings> model = ModelCommand.environment;
  private final Supplier<Settings> pretrain = PretrainCommand.environment;
  private final Supplier<Settings> recommend = RecommendCommand.environment;
  private final Supplier<Settings> serve = ServeCommand.environment;

  private CommandEnvironment(Settings settings) {
    TransferCommand.environment = () -> settings;
    ModelCommand.environment = () -> settings;
    PretrainCommand.environment = () -> settings;
    RecommendCommand.environment = () -> settings;
    ServeCommand.environment = () -> settings;
  }

  public static CommandEnvironment of(Settings settings) {
    return new CommandEnvironment(settings);
  }

  @Override
  public void close() {
    TransferCommand.environment = transfer;
    ModelCommand.environment = model;
    PretrainCommand.environment = pretrain;
    RecommendCommand.environment = recommend;
    ServeCommand.environment = serve;
  }
}
