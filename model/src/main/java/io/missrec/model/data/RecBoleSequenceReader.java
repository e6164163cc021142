package io.missrec.model.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one domain in the UniSRec/RecBole sequence format: {@code <name>.item2index}, {@code
 * <name>.user2index}, {@code <name>.{train,valid,test}.inter}, optional {@code <name>.text} and
 * optional raw float32 feature files {@code <name>.<suffix>}.
 *
 * <p>The splits are taken as the files give them (one train row per prefix, one valid and one test
 * row per user); histories are cut to their last {@code maxLen} items.
 */
public final class RecBoleSequenceReader {

  static final String USER = "user_id";
  static final String HISTORY = "item_id_list";
  static final String TARGET = "item_id";

  private RecBoleSequenceReader() {}

  /**
   * @param dir folder holding the files
   * @param name file prefix and domain name, e.g. "Scientific"
   * @param featureSuffixes modality name to file suffix, e.g. {@code text -> feat1CLS}; every
   *     listed file must exist
   * @param featureDim row width of every feature file, or {@code <= 0} to infer each file's width
   *     as {@code fileSize / 4 / numItems} (an error when that does not divide exactly)
   * @param maxLen maximum history length (50 in the MISSRec protocol)
   */
  public static Domain read(
      Path dir, String name, Map<String, String> featureSuffixes, int featureDim, int maxLen) {
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be >= 1: " + maxLen);
    }
    List<String> itemIds = ItemIndexFile.read(dir.resolve(name + ".item2index"), 0, TARGET);
    List<String> userIds = ItemIndexFile.read(dir.resolve(name + ".user2index"), 0, USER);
    int numUsers = userIds.size();
    int numItems = itemIds.size();
    List<UserSequence> train =
        readInter(dir.resolve(name + ".train.inter"), numUsers, numItems, maxLen);
    List<UserSequence> valid =
        readInter(dir.resolve(name + ".valid.inter"), numUsers, numItems, maxLen);
    Path testFile = dir.resolve(name + ".test.inter");
    List<UserSequence> test = readInter(testFile, numUsers, numItems, maxLen);
    if (test.isEmpty()) {
      throw new DataFormatException(
          testFile.toString(), 2, "rows", "no test examples: empty domain");
    }
    Path textFile = dir.resolve(name + ".text");
    List<String> texts =
        Files.exists(textFile)
            ? ItemTextFile.read(textFile, ItemIndexFile.indexOf(itemIds))
            : List.of();
    Map<String, FeatureTable> features =
        FeatureFiles.load(dir, name, featureSuffixes, featureDim, numItems);
    return new Domain(name, itemIds, texts, features, userIds, new Splits(train, valid, test));
  }

  private static List<UserSequence> readInter(Path file, int numUsers, int numItems, int maxLen) {
    List<UserSequence> examples = new ArrayList<>();
    try (TsvReader in = TsvReader.open(file)) {
      in.readHeader(USER, HISTORY, TARGET);
      int userColumn = in.column(USER);
      int historyColumn = in.column(HISTORY);
      int targetColumn = in.column(TARGET);
      for (TsvRow row = in.next(); row != null; row = in.next()) {
        int user = row.parseInt(userColumn, USER);
        if (user < 0 || user >= numUsers) {
          throw row.error(USER, "user " + user + " is not in 0.." + (numUsers - 1));
        }
        int[] history = row.parseIntList(historyColumn, HISTORY);
        if (history.length == 0) {
          throw row.error(HISTORY, "empty history");
        }
        for (int item : history) {
          checkItem(row, HISTORY, item, numItems);
        }
        int target = row.parseInt(targetColumn, TARGET);
        checkItem(row, TARGET, target, numItems);
        int[] kept = LeaveOneOutSplitter.lastItems(history, history.length, maxLen);
        examples.add(new UserSequence(user, kept, target));
      }
    }
    return examples;
  }

  private static void checkItem(TsvRow row, String field, int item, int numItems) {
    if (item < 0 || item >= numItems) {
      throw row.error(field, "unknown item " + item + ", not in 0.." + (numItems - 1));
    }
  }
}
