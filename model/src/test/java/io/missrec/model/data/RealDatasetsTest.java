package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads the real datasets from {@code -Dmissrec.datasets} and checks them against the README. */
class RealDatasetsTest {

  private static final int MAX_LEN = 50;

  private static Path dataset(String folder) {
    String root = System.getProperty("missrec.datasets");
    assumeTrue(root != null, "system property missrec.datasets is not set");
    Path dir = Path.of(root, folder);
    assumeTrue(Files.isDirectory(dir), "dataset folder " + dir + " is absent");
    return dir;
  }

  @Test
  void scientificMultiModalMatchesReadmeCountsAndFeatures() throws IOException {
    Path dir = dataset("amazon-scientific-mm");
    Domain domain = Domains.read(dir, DatasetFormat.RECBOLE, DomainReadOptions.defaults());

    assertThat(domain.name()).isEqualTo("Scientific");
    DomainStats stats = domain.stats();
    assertThat(stats.users()).isEqualTo(2928);
    assertThat(stats.items()).isEqualTo(1585);
    assertThat(stats.interactions()).isEqualTo(19_712);
    assertThat(domain.splits().valid()).hasSize(2928);
    assertThat(domain.splits().test()).hasSize(2928);
    assertThat(domain.itemTexts()).hasSize(1585).doesNotContainNull();

    FeatureTable text = domain.feature(FeatureTable.TEXT).orElseThrow();
    FeatureTable image = domain.feature(FeatureTable.IMAGE).orElseThrow();
    assertThat(text.dim()).isEqualTo(512);
    assertThat(image.dim()).isEqualTo(512);
    assertThat(text.numItems()).isEqualTo(1585);
    // The mm subset keeps only items with both modalities.
    assertThat(text.presentCount()).isEqualTo(1585);
    assertThat(image.presentCount()).isEqualTo(1585);

    // First floats of row 0 and of the last row, decoded independently of the reader.
    float[] head = readLittleEndianFloats(dir.resolve("Scientific.feat1CLS"), 0, 4);
    assertThat(text.row(0)).startsWith(head);
    long lastRowOffset = 1584L * 512 * 4;
    float[] tail = readLittleEndianFloats(dir.resolve("Scientific.feat3CLS"), lastRowOffset, 4);
    assertThat(image.row(1584)).startsWith(tail);
    assertThat(head).isNotEqualTo(new float[4]);

    assertHeldOutFollowsTraining(domain);
  }

  @Test
  void scientificTextOnlyMatchesReadmeCounts() {
    Domain domain = Domains.read(dataset("amazon-scientific"));
    DomainStats stats = domain.stats();
    assertThat(stats.users()).isEqualTo(8442);
    assertThat(stats.items()).isEqualTo(4385);
    assertThat(stats.interactions()).isBetween(59_350L, 59_450L);
    assertThat(domain.features()).isEmpty();
    assertThat(domain.itemTexts()).hasSize(4385);
    assertThat(domain.splits().test())
        .allSatisfy(e -> assertThat(e.history().length).isBetween(1, MAX_LEN));
    assertHeldOutFollowsTraining(domain);
  }

  @Test
  void officeRechorusMatchesReadmeCounts() {
    Path dir = dataset("amazon-office-2014");
    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.OFFICE_RECHORUS);
    Domain domain = Domains.read(dir);
    DomainStats stats = domain.stats();
    assertThat(stats.users()).isEqualTo(4905);
    assertThat(stats.items()).isEqualTo(2420);
    assertThat(stats.interactions()).isEqualTo(53_258);
    assertThat(domain.splits().valid()).hasSize(4905);
    assertThat(domain.splits().test()).hasSize(4905);
    assertThat(domain.itemIds().get(0)).isEqualTo("B0000AG93P"); // CSV item 1
    assertThat(domain.itemTexts().stream().filter(t -> t != null).count()).isEqualTo(2420);
    assertHeldOutFollowsTraining(domain);

    // User 21 (first dev row): its dev item 26 (-> index 25) is the valid target, test 27 -> 26.
    int user21 = 20; // users are indexed by increasing CSV id 1..4905
    UserSequence valid = forUser(domain.splits().valid(), user21);
    UserSequence test = forUser(domain.splits().test(), user21);
    assertThat(valid.target()).isEqualTo(25);
    assertThat(test.target()).isEqualTo(26);
  }

  @Test
  void movieLensMatchesReadmeCountsAndTexts() throws IOException {
    Path dir = dataset("ml-100k");
    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.MOVIELENS);
    Domain domain = Domains.read(dir);
    DomainStats stats = domain.stats();
    assertThat(domain.name()).isEqualTo("ml-100k");
    assertThat(stats.users()).isEqualTo(943);
    assertThat(stats.items()).isEqualTo(1682);
    assertThat(stats.interactions()).isEqualTo(100_000);
    assertThat(domain.itemTexts().get(0)).isEqualTo("Toy Story 1995 Animation Children's Comedy");
    // Users are indexed by increasing id 1..943; count each one's ratings independently.
    int[] ratings = new int[943];
    try (var lines = Files.lines(dir.resolve("ml-100k.inter"))) {
      lines.skip(1).forEach(l -> ratings[Integer.parseInt(l.split("\t")[0]) - 1]++);
    }
    assertThat(domain.splits().test())
        .hasSize(943)
        .allSatisfy(e -> assertThat(e.history()).hasSize(Math.min(MAX_LEN, ratings[e.user()] - 1)));
    assertThat(domain.splits().train().size()).isEqualTo(100_000 - 3 * 943);
    assertHeldOutFollowsTraining(domain);
  }

  /**
   * Valid = some train prefix followed by its target; test = valid history followed by the valid
   * target (both cut to the last MAX_LEN items).
   */
  private static void assertHeldOutFollowsTraining(Domain domain) {
    Map<Integer, List<UserSequence>> trainByUser = new HashMap<>();
    for (UserSequence e : domain.splits().train()) {
      trainByUser.computeIfAbsent(e.user(), u -> new java.util.ArrayList<>()).add(e);
    }
    Map<Integer, UserSequence> validByUser = new HashMap<>();
    for (UserSequence v : domain.splits().valid()) {
      validByUser.put(v.user(), v);
      List<UserSequence> prefixes = trainByUser.getOrDefault(v.user(), List.of());
      if (v.history().length > 1) {
        assertThat(prefixes)
            .as("user %d has a train prefix continuing into its valid history", v.user())
            .anyMatch(p -> Arrays.equals(append(p.history(), p.target()), v.history()));
      }
    }
    for (UserSequence t : domain.splits().test()) {
      UserSequence v = validByUser.get(t.user());
      assertThat(v).as("valid example of user %d", t.user()).isNotNull();
      assertThat(t.history()).isEqualTo(append(v.history(), v.target()));
    }
  }

  /** {@code history + target}, keeping the last MAX_LEN items. */
  private static int[] append(int[] history, int target) {
    int[] all = Arrays.copyOf(history, history.length + 1);
    all[history.length] = target;
    return Arrays.copyOfRange(all, Math.max(0, all.length - MAX_LEN), all.length);
  }

  private static UserSequence forUser(List<UserSequence> examples, int user) {
    return examples.stream().filter(e -> e.user() == user).findFirst().orElseThrow();
  }

  private static float[] readLittleEndianFloats(Path file, long offset, int count)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offset);
      DataInputStream data = new DataInputStream(in);
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = Float.intBitsToFloat(Integer.reverseBytes(data.readInt()));
      }
      return values;
    }
  }
}
