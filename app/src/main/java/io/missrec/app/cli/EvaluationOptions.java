package io.missrec.app.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** Which cutoffs a pipeline's test evaluations report: {@code --cutoffs}. */
final class EvaluationOptions {
  @Option(
      names = "--cutoffs",
      split = ",",
      paramLabel = "K",
      description =
          "more K for the test Recall@K / NDCG@K, e.g. 5,20 (10 and 50 are always reported)")
  List<Integer> cutoffs = List.of();
}
