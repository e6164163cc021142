package io.missrec.model.encode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each item's image is: one path per internal item index, null where the item has none.
 * Whether the file exists or decodes is checked later, by {@link ImageFeatureExtractor}.
 */
public final class ItemImages {

  private static final Logger LOG = LoggerFactory.getLogger(ItemImages.class);

  /** File extensions {@link #fromFolder} looks for, in this order. */
  public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".gif", ".bmp");

  private ItemImages() {}

  /**
   * Reads a {@code <dataset>.images} list: lines {@code item_id<TAB>path}, paths relative to the
   * list's folder (or absolute); an optional first line starting with {@code item_id} is a header;
   * blank lines are skipped. Ids the domain does not know are skipped (lists often cover a
   * superset).
   *
   * @param list the TSV file
   * @param itemIds external item id per internal index
   * @return image path per internal index, null for items the list does not name
   * @throws IllegalArgumentException naming the file and line of a malformed or repeated entry
   */
  public static List<Path> readList(Path list, List<String> itemIds) {
    List<String> lines;
    try {
      lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("image list not found: " + list, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image list " + list, e);
    }
    Map<String, Integer> indexById = indexById(itemIds);
    List<Path> paths = new ArrayList<>(Collections.nCopies(itemIds.size(), null));
    Path base = list.toAbsolutePath().getParent();
    int unknown = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || (n == 0 && line.toLowerCase(Locale.ROOT).startsWith("item_id"))) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
        throw new IllegalArgumentException(
            list + " line " + (n + 1) + ": expected 'item_id<TAB>image path', got '" + line + "'");
      }
      Integer index = indexById.get(fields[0].strip());
      if (index == null) {
        unknown++;
        continue;
      }
      if (paths.get(index) != null) {
        throw new IllegalArgumentException(
            list + " line " + (n + 1) + ": second image for item '" + fields[0].strip() + "'");
      }
      paths.set(index, base.resolve(fields[1].strip()).normalize());
    }
    if (unknown > 0) {
      LOG.debug("{}: skipped {} images of items outside the domain", list, unknown);
    }
    return paths;
  }

  /**
   * Finds {@code <item_id><ext>} in a folder for each item, {@code ext} the first of {@link
   * #EXTENSIONS} that exists.
   *
   * @return image path per internal index, null for items without a file
   */
  public static List<Path> fromFolder(Path folder, List<String> itemIds) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("image folder not found: " + folder);
    }
    List<Path> paths = new ArrayList<>(itemIds.size());
    for (String id : itemIds) {
      Path found = null;
      for (String extension : EXTENSIONS) {
        Path candidate = folder.resolve(id + extension);
        if (Files.isRegularFile(candidate)) {
          found = candidate;
          break;
        }
      }
      paths.add(found);
    }
    return paths;
  }

  private static Map<String, Integer> indexById(List<String> itemIds) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < itemIds.size(); i++) {
      index.put(itemIds.get(i), i);
    }
    return index;
  }
}
