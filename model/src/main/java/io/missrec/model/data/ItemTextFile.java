package io.missrec.model.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads item texts keyed by external id ({@code item_id:token<TAB>text:token_seq}, or ReChorus'
 * {@code id<TAB>text}). Texts of ids the domain does not know are skipped (the files often cover a
 * superset); an item without a text gets null.
 */
final class ItemTextFile {

  private static final Logger LOG = LoggerFactory.getLogger(ItemTextFile.class);

  private ItemTextFile() {}

  static List<String> read(Path file, Map<String, Integer> indexById) {
    List<String> texts = new ArrayList<>(Collections.nCopies(indexById.size(), null));
    int unknown = 0;
    try (TsvReader in = TsvReader.open(file)) {
      in.readHeader("text");
      int idColumn;
      if (in.hasColumn("item_id")) {
        idColumn = in.column("item_id");
      } else if (in.hasColumn("id")) {
        idColumn = in.column("id");
      } else {
        throw new DataFormatException(file.toString(), 1, "item_id", "header has no id column");
      }
      int textColumn = in.column("text");
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        Integer index = indexById.get(row.text(idColumn).strip());
        if (index == null) {
          unknown++;
          continue;
        }
        if (texts.get(index) != null) {
          throw row.error("item_id", "second text for item '" + row.text(idColumn) + "'");
        }
        texts.set(index, row.text(textColumn).strip());
      }
    }
    if (unknown > 0) {
      LOG.debug("{}: skipped {} texts of items outside the domain", file, unknown);
    }
    return texts;
  }
}
