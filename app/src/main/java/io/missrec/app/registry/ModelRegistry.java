package io.missrec.app.registry;

import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.ModelStage;
import io.missrec.activities.lineage.ModelVersion;
import java.util.List;

/** Lists model versions and moves them between stages under the {@link NdcgGate}. */
public final class ModelRegistry {
  private final LineageStore lineage;

  public ModelRegistry(LineageStore lineage) {
    this.lineage = lineage;
  }

  /** Versions of {@code name} (every name when null), by name and version. */
  public List<ModelVersion> list(String name) {
    return lineage.listModelVersions(name);
  }

  /**
   * The registered version {@code ref}.
   *
   * @throws IllegalArgumentException naming {@code ref} when there is no such version
   */
  public ModelVersion version(ModelRef ref) {
    return lineage
        .findModelVersion(ref.name(), ref.version())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no model version "
                        + ref
                        + " in the registry (`./missrec model list` shows the versions)"));
  }

  /**
   * The version {@code selector} names: that version, or the latest version of the name in the
   * stage (production has one at most: promoting archives the previous one).
   *
   * @throws IllegalArgumentException when there is none
   */
  public ModelVersion select(ModelSelector selector) {
    if (selector.version() != null) {
      return version(new ModelRef(selector.name(), selector.version()));
    }
    return lineage.listModelVersions(selector.name()).stream()
        .filter(v -> v.name().equals(selector.name()) && v.stage() == selector.stage())
        .max(java.util.Comparator.comparingLong(ModelVersion::version))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no version of "
                        + selector.name()
                        + " is in stage "
                        + selector.stage().dbValue()
                        + " (`./missrec model list "
                        + selector.name()
                        + "` shows the stages)"));
  }

  /**
   * Moves {@code ref} to {@code stage}; going to production archives the previous production
   * version of the name.
   *
   * @throws PromotionRefusedException when the gate refuses (nothing changes)
   * @throws IllegalArgumentException when there is no such version
   */
  public ModelVersion promote(ModelRef ref, ModelStage stage) {
    version(ref);
    return lineage.transitionStage(ref.name(), ref.version(), stage, new NdcgGate());
  }
}
