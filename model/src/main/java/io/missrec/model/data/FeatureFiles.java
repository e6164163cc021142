package io.missrec.model.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the feature files {@code <dir>/<name>.<suffix>} of one domain, one per modality: raw
 * float32 tables, or NumPy arrays when the suffix ends in {@code npy}.
 */
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
      if (entry.getValue().endsWith("npy")) {
        FeatureTable table = NpyFeatureReader.read(file, modality, numItems);
        if (dim > 0 && table.dim() != dim) {
          throw new DataFormatException(
              file.toString(),
              0,
              modality,
              "dim " + table.dim() + " but " + dim + " was asked for");
        }
        tables.put(modality, table);
        continue;
      }
      int width = dim > 0 ? dim : FeatureTableReader.inferDim(file, modality, numItems);
      tables.put(modality, FeatureTableReader.read(file, modality, width, numItems));
    }
    return tables;
  }
}
