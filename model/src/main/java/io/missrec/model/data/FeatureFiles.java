package io.missrec.model.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads the feature files {@code <dir>/<name>.<suffix>} of one domain, one per modality. */
final class FeatureFiles {

  private FeatureFiles() {}

  /**
   * @param suffixes modality name to file suffix, e.g. {@code text -> feat1CLS}
   * @param dim row width for every modality, or {@code <= 0} to infer it per file as {@code
   *     fileSize / 4 / numItems}
   */
  static Map<String, FeatureTable> load(
      Path dir, String name, Map<String, String> suffixes, int dim, int numItems) {
    Map<String, FeatureTable> tables = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : suffixes.entrySet()) {
      String modality = entry.getKey();
      Path file = dir.resolve(name + "." + entry.getValue());
      int width = dim > 0 ? dim : FeatureTableReader.inferDim(file, modality, numItems);
      tables.put(modality, FeatureTableReader.read(file, modality, width, numItems));
    }
    return tables;
  }
}
