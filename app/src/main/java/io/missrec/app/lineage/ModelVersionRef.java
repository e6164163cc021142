package io.missrec.app.lineage;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A model version as people write it: {@code name:version}, or {@code name} alone for the latest
 * version.
 *
 * @param version empty for "the latest"
 */
public record ModelVersionRef(String name, OptionalLong version) {
  public ModelVersionRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  public static ModelVersionRef of(String name, long version) {
    return new ModelVersionRef(name, OptionalLong.of(version));
  }

  /**
   * Parses {@code name[:version]}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ModelVersionRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("model version is empty; expected name:version or name");
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new ModelVersionRef(text.trim(), OptionalLong.empty());
    }
    String name = text.substring(0, colon).trim();
    String version = text.substring(colon + 1).trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("model version '" + text + "' has no name before ':'");
    }
    if (!version.matches("[0-9]{1,18}") || Long.parseLong(version) < 1) {
      throw new IllegalArgumentException(
          "model version '" + text + "': version '" + version + "' is not a positive integer");
    }
    return new ModelVersionRef(name, OptionalLong.of(Long.parseLong(version)));
  }

  @Override
  public String toString() {
    return version.isPresent() ? name + ":" + version.getAsLong() : name;
  }
}
