package io.missrec.model.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the ReChorus Amazon Office 2014 split: {@code train.csv}, {@code dev.csv}, {@code test.csv}
 * ({@code user_id<TAB>item_id<TAB>time[<TAB>neg_items]}), {@code <name>.item2index} (ASIN to the
 * 1-based item id of the CSVs) and optional {@code <name>.text}.
 *
 * <p>Each user's train interactions are ordered by time (ties keep file order); the dev item is the
 * valid target after the train history, the test item the test target after train + dev, and every
 * train prefix predicts the next train item. The sampled {@code neg_items} are ignored: we rank all
 * items. CSV item id {@code k} is internal index {@code k - 1}; users get internal indexes in
 * increasing CSV user id order.
 */
public final class Office2014Reader {

  public static final String DEFAULT_NAME = "Office";
  private static final String USER = "user_id";
  private static final String ITEM = "item_id";
  private static final String TIME = "time";

  private Office2014Reader() {}

  /** Reads {@code dir} with the default name "Office", no feature files. */
  public static Domain read(Path dir, int maxLen) {
    return read(dir, DEFAULT_NAME, Map.of(), 0, maxLen);
  }

  /**
   * @param name prefix of the item2index, text and feature files
   * @param featureSuffixes modality to feature file suffix (rows in item2index order)
   * @param featureDim feature row width, or {@code <= 0} to infer it from each file size
   */
  public static Domain read(
      Path dir, String name, Map<String, String> featureSuffixes, int featureDim, int maxLen) {
    List<String> itemIds = ItemIndexFile.read(dir.resolve(name + ".item2index"), 1, ITEM);
    int numItems = itemIds.size();

    Map<Integer, List<Interaction>> trainByUser = new TreeMap<>();
    Path trainFile = dir.resolve("train.csv");
    try (TsvReader in = TsvReader.open(trainFile)) {
      in.readHeader(USER, ITEM, TIME);
      Columns c = new Columns(in);
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        int user = row.parseInt(c.user, USER);
        int item = parseItem(row, c.item, numItems);
        long time = row.parseLong(c.time, TIME);
        trainByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(new Interaction(time, item));
      }
    }
    if (trainByUser.isEmpty()) {
      throw new DataFormatException(
          trainFile.toString(), 2, "rows", "no interactions: empty domain");
    }
    Map<Integer, Integer> dev = readHeldOut(dir.resolve("dev.csv"), trainByUser, numItems);
    Map<Integer, Integer> test = readHeldOut(dir.resolve("test.csv"), trainByUser, numItems);

    List<int[]> sequences = new ArrayList<>(trainByUser.size());
    for (Map.Entry<Integer, List<Interaction>> entry : trainByUser.entrySet()) {
      List<Interaction> train = entry.getValue();
      train.sort((a, b) -> Long.compare(a.time, b.time)); // List.sort is stable
      int[] items = new int[train.size() + 2];
      for (int i = 0; i < train.size(); i++) {
        items[i] = train.get(i).item;
      }
      items[train.size()] = dev.get(entry.getKey());
      items[train.size() + 1] = test.get(entry.getKey());
      sequences.add(items);
    }

    Path textFile = dir.resolve(name + ".text");
    List<String> texts =
        Files.exists(textFile)
            ? ItemTextFile.read(textFile, ItemIndexFile.indexOf(itemIds))
            : List.of();
    Map<String, FeatureTable> features =
        FeatureFiles.load(dir, name, featureSuffixes, featureDim, numItems);
    return new Domain(
        name,
        itemIds,
        texts,
        features,
        trainByUser.keySet().stream().map(String::valueOf).toList(),
        LeaveOneOutSplitter.split(sequences, maxLen));
  }

  /** One held-out item per user; every user must have train interactions and exactly one row. */
  private static Map<Integer, Integer> readHeldOut(
      Path file, Map<Integer, List<Interaction>> trainByUser, int numItems) {
    Map<Integer, Integer> itemByUser = new HashMap<>();
    try (TsvReader in = TsvReader.open(file)) {
      in.readHeader(USER, ITEM, TIME);
      Columns c = new Columns(in);
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        int user = row.parseInt(c.user, USER);
        int item = parseItem(row, c.item, numItems);
        row.parseLong(c.time, TIME);
        if (!trainByUser.containsKey(user)) {
          throw row.error(USER, "user " + user + " has no interactions in train.csv");
        }
        if (itemByUser.put(user, item) != null) {
          throw row.error(USER, "user " + user + " has a second row");
        }
      }
    }
    for (Integer user : trainByUser.keySet()) {
      if (!itemByUser.containsKey(user)) {
        throw new DataFormatException(file.toString(), 0, USER, "no row for user " + user);
      }
    }
    return itemByUser;
  }

  private static int parseItem(TsvRow row, int column, int numItems) {
    int id = row.parseInt(column, ITEM);
    if (id < 1 || id > numItems) {
      throw row.error(ITEM, "unknown item " + id + ", not in 1.." + numItems + " (item2index)");
    }
    return id - 1;
  }

  private record Interaction(long time, int item) {}

  private static final class Columns {
    final int user;
    final int item;
    final int time;

    Columns(TsvReader in) {
      user = in.column(USER);
      item = in.column(ITEM);
      time = in.column(TIME);
    }
  }
}
