package io.missrec.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.model.eval.PairedComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
  @Test
  void oneTablePerTestSetWithSignedDifferencesAndZ() {
    long[] baseline = {0, 5, 20, 1};
    long[] candidate = {0, 2, 30, 0};
    PairedComparison recall =
        PairedComparison.of(PairedComparison.Metric.RECALL, 10, baseline, candidate);
    PairedComparison ndcg =
        PairedComparison.of(PairedComparison.Metric.NDCG, 10, baseline, candidate);
    ModelComparison.TestSet set =
        new ModelComparison.TestSet("synth-c", "ab12", List.of(ndcg, recall));

    List<String> lines =
        ComparisonTable.render(ModelRef.parse("base:1"), ModelRef.parse("cand:2"), List.of(set));

    assertThat(lines).hasSize(8);
    assertThat(lines.subList(0, 3))
        .containsExactly(
            "base:1 (baseline) against cand:2 (candidate), on the same test users",
            "",
            "synth-c (snapshot sha256:ab12, 4 users)");
    assertThat(lines.get(3).trim().split("\\s{2,}"))
        .containsExactly(
            "metric",
            "baseline",
            "candidate",
            "difference",
            "paired s.e.",
            "z",
            "users better/worse");
    // NDCG@10: users 1 and 3 moved up (ranks 5 -> 2, 1 -> 0), user 2 missed the top 10 both times
    double expectedNdcg = (1 / log2(4) - 1 / log2(7) + 1 - 1 / log2(3)) / 4;
    assertThat(ndcg.difference())
        .isCloseTo(expectedNdcg, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(lines.get(4).trim().split("\\s+"))
        .containsExactly(
            "NDCG@10",
            fmt("%.4f", ndcg.baseline()),
            fmt("%.4f", ndcg.candidate()),
            fmt("%+.4f", expectedNdcg),
            fmt("%.4f", ndcg.standardError()),
            fmt("%.2f", ndcg.z()),
            "2/0");
    assertThat(lines.get(5).trim().split("\\s+"))
        .containsExactly("Recall@10", "0.7500", "0.7500", "+0.0000", "0.0000", "0.00", "0/0");
    assertThat(lines.subList(6, 8)).containsExactly("", ComparisonTable.FOOTNOTE);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static String fmt(String format, double value) {
    return String.format(java.util.Locale.ROOT, format, value);
  }
}
