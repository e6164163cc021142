package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleSequenceReaderTest {

  private static final String HEADER = "user_id:token\titem_id_list:token_seq\titem_id:token\n";

  @TempDir Path dir;

  /** A valid 2-user, 4-item domain; tests then break one file. */
  @BeforeEach
  void writeValidDomain() throws IOException {
    write("D.item2index", "A\t0\nB\t1\nC\t2\nE\t3\n");
    write("D.user2index", "u0\t0\nu1\t1\n");
    write("D.train.inter", HEADER + "0\t0 1\t2\n0\t0\t1\n1\t3\t2\n");
    write("D.valid.inter", HEADER + "0\t0 1 2\t3\n1\t3 2\t1\n");
    write("D.test.inter", HEADER + "0\t0 1 2 3\t0\n1\t3 2 1\t0\n");
    write("D.text", "item_id:token\ttext:token_seq\nA\talpha \nC\tgamma\nZ\tnot in domain\n");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void readsSplitsTextsAndTruncatesHistories() {
    Domain d = RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 2);
    assertThat(d.numItems()).isEqualTo(4);
    assertThat(d.numUsers()).isEqualTo(2);
    assertThat(d.itemTexts()).containsExactly("alpha", null, "gamma", null);
    assertThat(d.splits().train()).hasSize(3);
    UserSequence test0 = d.splits().test().get(0);
    assertThat(test0.history()).containsExactly(2, 3); // last 2 of 0 1 2 3
    assertThat(test0.target()).isZero();
    assertThat(d.stats().interactions()).isEqualTo(5 + 4); // 7 examples + 2 users
  }

  @Test
  void wrongColumnCountNamesFileLineAndField() throws IOException {
    Path file = write("D.valid.inter", HEADER + "0\t0 1 2\t3\n1\t3 2\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3 [columns]")
        .hasMessageContaining("expected 3 tab-separated columns, found 2");
  }

  @Test
  void unknownItemInHistoryNamesItemIdList() throws IOException {
    Path file = write("D.train.inter", HEADER + "0\t0 1\t2\n0\t0 9\t1\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3 [item_id_list]")
        .hasMessageContaining("unknown item 9");
  }

  @Test
  void unknownTargetItemNamesItemId() throws IOException {
    Path file = write("D.test.inter", HEADER + "0\t0 1 2 3\t4\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [item_id]")
        .hasMessageContaining("unknown item 4");
  }

  @Test
  void unknownUserAndNonIntegerAreRejected() throws IOException {
    Path file = write("D.test.inter", HEADER + "0\t0 1 2 3\t0\n2\t0\t1\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3 [user_id]");
    write("D.test.inter", HEADER + "0\t0 x 2\t0\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [item_id_list]")
        .hasMessageContaining("'x' is not an integer");
  }

  @Test
  void headerWithoutRequiredColumnIsRejected() throws IOException {
    Path file = write("D.train.inter", "user_id:token\titems:token_seq\titem_id:token\n0\t0\t1\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":1 [item_id_list]")
        .hasMessageContaining("header has no column");
  }

  @Test
  void emptyDomainIsRejected() throws IOException {
    Path items = write("D.item2index", "");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(items + ":1 [item_id]")
        .hasMessageContaining("no entries");

    writeValidDomain();
    Path test = write("D.test.inter", HEADER);
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(test + ":2 [rows]")
        .hasMessageContaining("empty domain");
  }

  @Test
  void duplicateOrGappedIndexesInItem2indexAreRejected() throws IOException {
    Path items = write("D.item2index", "A\t0\nB\t1\nC\t1\nE\t3\n");
    assertThatThrownBy(() -> RecBoleSequenceReader.read(dir, "D", Map.of(), 0, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(items + ":3 [item_id]")
        .hasMessageContaining("appears twice");
  }

  @Test
  void featureFilesLoadWithGivenOrInferredDimAndBadSizesFail() throws IOException {
    Files.write(dir.resolve("D.feat1CLS"), new byte[4 * 4 * 3]); // 4 items x dim 3, all zero
    Domain inferred = RecBoleSequenceReader.read(dir, "D", Map.of("text", "feat1CLS"), 0, 50);
    assertThat(inferred.feature("text").orElseThrow().dim()).isEqualTo(3);
    assertThat(inferred.feature("text").orElseThrow().presentCount()).isZero();

    Path file = dir.resolve("D.feat1CLS");
    assertThatThrownBy(
            () -> RecBoleSequenceReader.read(dir, "D", Map.of("text", "feat1CLS"), 5, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + " [text]")
        .hasMessageContaining("not a multiple of dim * 4 = 20");
  }
}
