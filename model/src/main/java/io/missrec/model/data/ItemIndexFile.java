package io.missrec.model.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a header-less {@code ID<TAB>index} map ({@code *.item2index}, {@code *.user2index}) whose
 * indexes must be exactly {@code base..base+N-1}, each once.
 */
final class ItemIndexFile {

  private ItemIndexFile() {}

  /**
   * @param base the first index (0 for UniSRec files, 1 for ReChorus' Office.item2index)
   * @param field field name used in error messages, e.g. "item_id"
   * @return external ids by internal index ({@code index - base})
   */
  static List<String> read(Path file, int base, String field) {
    List<String> ids = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try (TsvReader in = TsvReader.open(file)) {
      in.expectColumns(2);
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        ids.add(row.text(0).strip());
        indexes.add(row.parseInt(1, field));
        lines.add(row.line());
      }
    }
    int n = ids.size();
    if (n == 0) {
      throw new DataFormatException(file.toString(), 1, field, "file has no entries");
    }
    String[] byIndex = new String[n];
    Map<String, Long> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int index = indexes.get(i) - base;
      if (index < 0 || index >= n) {
        throw new DataFormatException(
            file.toString(),
            lines.get(i),
            field,
            "index "
                + indexes.get(i)
                + " is outside "
                + base
                + ".."
                + (base + n - 1)
                + " (the file has "
                + n
                + " entries)");
      }
      if (byIndex[index] != null) {
        throw new DataFormatException(
            file.toString(), lines.get(i), field, "index " + indexes.get(i) + " appears twice");
      }
      Long previous = seen.put(ids.get(i), lines.get(i));
      if (previous != null) {
        throw new DataFormatException(
            file.toString(),
            lines.get(i),
            field,
            "id '" + ids.get(i) + "' already mapped on line " + previous);
      }
      byIndex[index] = ids.get(i);
    }
    return Arrays.asList(byIndex);
  }

  /** Inverse map: external id to internal index. */
  static Map<String, Integer> indexOf(List<String> ids) {
    Map<String, Integer> map = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      map.put(ids.get(i), i);
    }
    return map;
  }
}
