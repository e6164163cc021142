package io.missrec.model.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MovieLens as RecBole atomic files: {@code <name>.inter} ({@code user_id:token item_id:token
 * rating:float timestamp:float}) and optional {@code <name>.item} ({@code item_id:token
 * movie_title:token_seq release_year:token class:token_seq}).
 *
 * <p>Every rating counts as an interaction. Each user's interactions are ordered by timestamp (ties
 * keep file order) and split leave-one-out. Items follow the {@code .item} file order (or, without
 * it, ascending item id); users ascending user id (numeric ids compare as numbers). Item text =
 * "title year genres".
 */
public final class MovieLensReader {

  public static final String DEFAULT_NAME = "ml-100k";
  private static final String USER = "user_id";
  private static final String ITEM = "item_id";
  private static final String TIME = "timestamp";

  private MovieLensReader() {}

  public static Domain read(Path dir, int maxLen) {
    return read(dir, DEFAULT_NAME, Map.of(), 0, maxLen);
  }

  /**
   * @param featureSuffixes modality to feature file suffix (rows in internal item order)
   * @param featureDim feature row width, or {@code <= 0} to infer it from each file size
   */
  public static Domain read(
      Path dir, String name, Map<String, String> featureSuffixes, int featureDim, int maxLen) {
    Path itemFile = dir.resolve(name + ".item");
    List<String> itemIds = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    if (Files.exists(itemFile)) {
      readItems(itemFile, itemIds, texts);
    }
    Map<String, Integer> itemIndex = ItemIndexFile.indexOf(itemIds);
    boolean itemsFixed = !itemIds.isEmpty();

    Path interFile = dir.resolve(name + ".inter");
    Map<String, List<Interaction>> byUser = new HashMap<>();
    List<String> seenItems = new ArrayList<>();
    try (TsvReader in = TsvReader.open(interFile)) {
      in.readHeader(USER, ITEM, TIME);
      int userColumn = in.column(USER);
      int itemColumn = in.column(ITEM);
      int timeColumn = in.column(TIME);
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        String user = row.text(userColumn).strip();
        String item = row.text(itemColumn).strip();
        if (user.isEmpty()) {
          throw row.error(USER, "empty user id");
        }
        if (itemsFixed && !itemIndex.containsKey(item)) {
          throw row.error(ITEM, "unknown item '" + item + "', not in " + itemFile.getFileName());
        }
        if (!itemsFixed && !itemIndex.containsKey(item)) {
          itemIndex.put(item, -1);
          seenItems.add(item);
        }
        double time = row.parseDouble(timeColumn, TIME);
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(new Interaction(time, item));
      }
    }
    if (byUser.isEmpty()) {
      throw new DataFormatException(
          interFile.toString(), 2, "rows", "no interactions: empty domain");
    }
    if (!itemsFixed) {
      seenItems.sort(NATURAL_ID_ORDER);
      itemIds.addAll(seenItems);
      itemIndex = ItemIndexFile.indexOf(itemIds);
      texts = List.of();
    }

    List<String> users = new ArrayList<>(byUser.keySet());
    users.sort(NATURAL_ID_ORDER);
    List<int[]> sequences = new ArrayList<>(users.size());
    for (String user : users) {
      List<Interaction> events = byUser.get(user);
      events.sort(Comparator.comparingDouble(Interaction::time)); // stable
      int[] items = new int[events.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = itemIndex.get(events.get(i).item());
      }
      sequences.add(items);
    }
    Map<String, FeatureTable> features =
        FeatureFiles.load(dir, name, featureSuffixes, featureDim, itemIds.size());
    return new Domain(
        name, itemIds, texts, features, users, LeaveOneOutSplitter.split(sequences, maxLen));
  }

  private static void readItems(Path file, List<String> itemIds, List<String> texts) {
    Map<String, Long> lineOf = new LinkedHashMap<>();
    try (TsvReader in = TsvReader.open(file)) {
      in.readHeader(ITEM);
      int idColumn = in.column(ITEM);
      int title = in.hasColumn("movie_title") ? in.column("movie_title") : -1;
      int year = in.hasColumn("release_year") ? in.column("release_year") : -1;
      int genres = in.hasColumn("class") ? in.column("class") : -1;
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        String id = row.text(idColumn).strip();
        Long previous = lineOf.put(id, row.line());
        if (previous != null) {
          throw row.error(ITEM, "item '" + id + "' already listed on line " + previous);
        }
        itemIds.add(id);
        StringBuilder text = new StringBuilder();
        for (int column : new int[] {title, year, genres}) {
          String part = column >= 0 ? row.text(column).strip() : "";
          if (!part.isEmpty()) {
            text.append(text.length() > 0 ? " " : "").append(part);
          }
        }
        texts.add(text.length() > 0 ? text.toString() : null);
      }
    }
    if (itemIds.isEmpty()) {
      throw new DataFormatException(file.toString(), 2, ITEM, "no items: empty domain");
    }
  }

  /** Numeric ids first, by value; then the others, as strings. */
  static final Comparator<String> NATURAL_ID_ORDER =
      (a, b) -> {
        Long x = asLong(a);
        Long y = asLong(b);
        if (x != null && y != null) {
          return Long.compare(x, y);
        }
        if (x != null || y != null) {
          return x != null ? -1 : 1;
        }
        return a.compareTo(b);
      };

  private static Long asLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private record Interaction(double time, String item) {}
}
