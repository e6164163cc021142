package io.missrec.app.cli;

import io.missrec.app.schedule.DatasetArgs;
import io.missrec.workflows.payload.DatasetRef;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The source datasets of a pre-training: {@code --dataset NAME=LOCATION} (repeatable), {@code
 * --format}.
 */
final class SourceOptions {
  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME=LOCATION",
      description = "source dataset (repeatable): folder, file:// or synthetic:// URI")
  List<String> datasets;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description =
          "dataset layout: unisrec, recbole, rechorus, recbole-atomic (default: detected)")
  String format;

  /** The datasets as the pipeline request names them (paths made absolute). */
  List<DatasetRef> sources() {
    return DatasetArgs.parse(datasets, format);
  }
}
