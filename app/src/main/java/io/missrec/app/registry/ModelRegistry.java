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
