package io.missrec.app.registry;

import io.missrec.model.eval.PairedComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain-text report of {@code model compare}: one table per shared test set. */
public final class ComparisonTable {
  static final String FOOTNOTE =
      "z = difference / paired s.e.; beyond about 2 in size the difference is larger than the"
          + " test set's noise.";

  private ComparisonTable() {}

  public static List<String> render(
      ModelRef baseline, ModelRef candidate, List<ModelComparison.TestSet> sets) {
    List<String> lines = new ArrayList<>();
    lines.add(
        baseline + " (baseline) against " + candidate + " (candidate), on the same test users");
    for (ModelComparison.TestSet set : sets) {
      lines.add("");
      lines.add(
          String.format(
              Locale.ROOT,
              "%s (snapshot sha256:%s, %d users)",
              set.dataset(),
              set.datasetSha256(),
              set.metrics().get(0).users()));
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-10s  %9s  %9s  %10s  %11s  %7s  %s",
              "metric",
              "baseline",
              "candidate",
              "difference",
              "paired s.e.",
              "z",
              "users better/worse"));
      for (PairedComparison c : set.metrics()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "  %-10s  %9.4f  %9.4f  %+10.4f  %11.4f  %7.2f  %d/%d",
                c.metric(),
                c.baseline(),
                c.candidate(),
                c.difference(),
                c.standardError(),
                c.z(),
                c.better(),
                c.worse()));
      }
    }
    lines.add("");
    lines.add(FOOTNOTE);
    return lines;
  }
}
