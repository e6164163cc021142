package io.missrec.app.registry;

import io.missrec.activities.lineage.ModelStage;

/**
 * A registered version as a serving command names it: {@code name:version}, or {@code name@stage}
 * (e.g. {@code sci@production}), whichever version holds that stage when the command runs, so a
 * server restarted after a promotion serves the promoted version.
 *
 * @param version the version, or null when selected by stage
 * @param stage the stage, or null when selected by version
 */
public record ModelSelector(String name, Long version, ModelStage stage) {
  public ModelSelector {
    if ((version == null) == (stage == null)) {
      throw new IllegalArgumentException("select a model by version or by stage");
    }
  }

  /**
   * @throws IllegalArgumentException naming the text and the forms expected
   */
  public static ModelSelector parse(String text) {
    int at = text == null ? -1 : text.lastIndexOf('@');
    if (at < 0) {
      ModelRef ref;
      try {
        ref = ModelRef.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            e.getMessage() + " or name@stage (e.g. my-model@production)", e);
      }
      return new ModelSelector(ref.name(), ref.version(), null);
    }
    String name = text.substring(0, at);
    String stageName = text.substring(at + 1);
    if (name.isBlank()) {
      throw new IllegalArgumentException("model '" + text + "': no name before '@'");
    }
    ModelStage stage;
    try {
      stage = ModelStage.fromDb(stageName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "model '" + text + "': '" + stageName + "' is not a stage (production, candidate)", e);
    }
    if (stage != ModelStage.PRODUCTION && stage != ModelStage.CANDIDATE) {
      throw new IllegalArgumentException(
          "model '" + text + "': serve a production or candidate version, not " + stageName);
    }
    return new ModelSelector(name, null, stage);
  }

  @Override
  public String toString() {
    return version != null ? name + ":" + version : name + "@" + stage.dbValue();
  }
}
