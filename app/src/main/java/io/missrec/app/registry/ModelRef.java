package io.missrec.app.registry;

/**
 * A registered model version as people write it: {@code name:version}, e.g. {@code
 * missrec-demo-pretrained:1}. The name may itself contain colons; the version is after the last.
 */
public record ModelRef(String name, long version) {
  public ModelRef {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name is empty");
    }
    if (version < 1) {
      throw new IllegalArgumentException("model version must be 1 or more, got " + version);
    }
  }

  /**
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static ModelRef parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "model version '" + text + "' is not of the form name:version (e.g. my-model:3)");
    }
    String number = text.substring(colon + 1);
    long version;
    try {
      version = Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "model version '" + text + "': '" + number + "' is not a version number", e);
    }
    return new ModelRef(text.substring(0, colon), version);
  }

  @Override
  public String toString() {
    return name + ":" + version;
  }
}
