package io.missrec.app.registry;

import io.missrec.activities.lineage.ModelStage;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.StageGuard;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Production only for a version whose test NDCG@10 is not worse than the current production
 * version's, on the same test datasets (scores on different data say nothing about which model is
 * better). Other stages and the first production version of a name need only a test NDCG@10 for
 * production; non-production stages need nothing.
 */
public final class NdcgGate implements StageGuard {

  @Override
  public void check(ModelVersion version, Optional<ModelVersion> production, ModelStage target) {
    if (target != ModelStage.PRODUCTION) {
      return;
    }
    Map<String, Double> candidate = TestNdcg.perDataset(version);
    if (candidate.isEmpty()) {
      throw new PromotionRefusedException(
          label(version) + " has no test NDCG@10 in the registry, so it cannot go to production");
    }
    if (production.isEmpty() || production.get().version() == version.version()) {
      return;
    }
    ModelVersion current = production.get();
    Map<String, Double> incumbent = TestNdcg.perDataset(current);
    if (!incumbent.keySet().equals(candidate.keySet())) {
      throw new PromotionRefusedException(
          label(version)
              + " was tested on "
              + candidate.keySet()
              + " but production "
              + label(current)
              + " on "
              + incumbent.keySet()
              + "; NDCG@10 on different data cannot decide which is better");
    }
    double mine = TestNdcg.mean(candidate);
    double theirs = TestNdcg.mean(incumbent);
    if (mine < theirs) {
      throw new PromotionRefusedException(
          String.format(
              Locale.ROOT,
              "refused: %s test NDCG@10 %.6f is worse than production %s test NDCG@10 %.6f (on"
                  + " %s%s); production stays %s",
              label(version),
              mine,
              label(current),
              theirs,
              String.join(", ", candidate.keySet()),
              errors(version, current),
              label(current)));
    }
  }

  /**
   * Both standard errors, where recorded, so that whoever reads a refusal can tell a real drop from
   * the test set's noise; the gate itself compares the point values, as the registry's contract
   * says.
   */
  private static String errors(ModelVersion candidate, ModelVersion production) {
    double mine = TestNdcg.standardErrorOfMean(candidate);
    double theirs = TestNdcg.standardErrorOfMean(production);
    if (Double.isNaN(mine) || Double.isNaN(theirs)) {
      return "";
    }
    return String.format(
        Locale.ROOT, "; standard errors over the test users %.6f and %.6f", mine, theirs);
  }

  private static String label(ModelVersion v) {
    return v.name() + ":" + v.version();
  }
}
