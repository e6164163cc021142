package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Office2014ReaderTest {

  private static final String HELD_OUT = "user_id\titem_id\ttime\tneg_items\n";

  @TempDir Path dir;

  @BeforeEach
  void writeValidSplit() throws IOException {
    write("Office.item2index", "P\t1\nQ\t2\nR\t3\nS\t4\n");
    write("Office.text", "id\ttext\nQ\tqueue paper\nP\tpens\n");
    // User 7's rows out of time order; equal times keep file order.
    write("train.csv", "user_id\titem_id\ttime\n7\t3\t200\n7\t1\t100\n7\t4\t200\n9\t2\t50\n");
    write("dev.csv", HELD_OUT + "9\t1\t60\t[3, 4]\n7\t2\t300\t[1]\n");
    write("test.csv", HELD_OUT + "7\t1\t400\t[3]\n9\t3\t70\t[2]\n");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void buildsTimeOrderedLeaveOneOutSplits() {
    Domain d = Office2014Reader.read(dir, 50);
    assertThat(d.itemIds()).containsExactly("P", "Q", "R", "S");
    assertThat(d.itemTexts()).containsExactly("pens", "queue paper", null, null);
    assertThat(d.numUsers()).isEqualTo(2);
    // User 7 (index 0): train items 1,3,4 (by time, ties in file order) -> 0,2,3; dev 2 -> 1.
    assertThat(d.splits().train())
        .extracting(UserSequence::user, e -> e.history().length, UserSequence::target)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 1, 2),
            org.assertj.core.groups.Tuple.tuple(0, 2, 3));
    UserSequence valid = d.splits().valid().get(0);
    assertThat(valid.history()).containsExactly(0, 2, 3);
    assertThat(valid.target()).isEqualTo(1);
    UserSequence test = d.splits().test().get(0);
    assertThat(test.history()).containsExactly(0, 2, 3, 1);
    assertThat(test.target()).isEqualTo(0);
    // User 9 (index 1): one train item, so valid only, no train prefix.
    assertThat(d.splits().valid().get(1).history()).containsExactly(1);
    assertThat(d.splits().test().get(1).history()).containsExactly(1, 0);
    assertThat(d.stats().interactions()).isEqualTo(8);
  }

  @Test
  void unknownItemNamesFileLineAndField() throws IOException {
    Path file = write("test.csv", HELD_OUT + "7\t1\t400\t[3]\n9\t5\t70\t[2]\n");
    assertThatThrownBy(() -> Office2014Reader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3 [item_id]")
        .hasMessageContaining("unknown item 5");
  }

  @Test
  void wrongColumnCountAndBadTimeAreRejected() throws IOException {
    Path file = write("train.csv", "user_id\titem_id\ttime\n7\t3\t200\n7\t1\n");
    assertThatThrownBy(() -> Office2014Reader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3 [columns]");
    write("train.csv", "user_id\titem_id\ttime\n7\t3\tyesterday\n");
    assertThatThrownBy(() -> Office2014Reader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [time]");
  }

  @Test
  void userWithoutHeldOutRowOrTrainingIsRejected() throws IOException {
    Path dev = write("dev.csv", HELD_OUT + "9\t1\t60\t[3, 4]\n");
    assertThatThrownBy(() -> Office2014Reader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(dev + " [user_id]")
        .hasMessageContaining("no row for user 7");
    write("dev.csv", HELD_OUT + "9\t1\t60\t[3, 4]\n7\t2\t300\t[1]\n8\t2\t300\t[1]\n");
    assertThatThrownBy(() -> Office2014Reader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(dev + ":4 [user_id]")
        .hasMessageContaining("no interactions in train.csv");
  }

  @Test
  void emptyTrainFileIsRejected() throws IOException {
    Path file = write("train.csv", "user_id\titem_id\ttime\n");
    assertThatThrownBy(() -> Office2014Reader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [rows]")
        .hasMessageContaining("empty domain");
  }
}
