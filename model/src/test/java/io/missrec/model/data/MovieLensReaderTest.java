package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReaderTest {

  private static final String INTER =
      "user_id:token\titem_id:token\trating:float\ttimestamp:float\n";

  @TempDir Path dir;

  @BeforeEach
  void writeValidFiles() throws IOException {
    write(
        "ml-100k.item",
        "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n"
            + "10\tAlpha\t1995\tComedy Drama\n20\tBeta\t\tHorror\n30\tGamma\t2001\t\n");
    // User 2 is listed first but indexed after user 1; ties at t=5 keep file order (30, 10).
    write(
        "ml-100k.inter",
        INTER + "2\t10\t4\t9\n1\t30\t3\t5\n1\t10\t5\t5\n1\t20\t1\t1\n2\t20\t2\t3\n2\t30\t2\t4\n");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void ordersByTimestampStablyAndJoinsTexts() {
    Domain d = MovieLensReader.read(dir, 50);
    assertThat(d.itemIds()).containsExactly("10", "20", "30");
    assertThat(d.itemTexts())
        .containsExactly("Alpha 1995 Comedy Drama", "Beta Horror", "Gamma 2001");
    assertThat(d.numUsers()).isEqualTo(2);
    // user "1" -> 0: items 20 (t1), 30 (t5), 10 (t5) -> 1, 2, 0
    UserSequence test = d.splits().test().get(0);
    assertThat(test.user()).isZero();
    assertThat(test.history()).containsExactly(1, 2);
    assertThat(test.target()).isZero();
    assertThat(d.splits().valid().get(0).history()).containsExactly(1);
    assertThat(d.splits().train()).isEmpty();
    // user "2" -> 1: 20 (t3), 30 (t4), 10 (t9)
    assertThat(d.splits().test().get(1).history()).containsExactly(1, 2);
  }

  @Test
  void truncatesHistoriesToMaxLen() {
    Domain d = MovieLensReader.read(dir, 1);
    assertThat(d.splits().test().get(0).history()).containsExactly(2);
  }

  @Test
  void unknownItemNamesFileLineAndField() throws IOException {
    Path file = write("ml-100k.inter", INTER + "1\t10\t4\t9\n1\t99\t4\t10\n");
    assertThatThrownBy(() -> MovieLensReader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3 [item_id]")
        .hasMessageContaining("unknown item '99'");
  }

  @Test
  void wrongColumnCountAndBadTimestampAreRejected() throws IOException {
    Path file = write("ml-100k.inter", INTER + "1\t10\t4\n");
    assertThatThrownBy(() -> MovieLensReader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [columns]");
    write("ml-100k.inter", INTER + "1\t10\t4\tNaN\n");
    assertThatThrownBy(() -> MovieLensReader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [timestamp]");
  }

  @Test
  void emptyInteractionFileIsRejected() throws IOException {
    Path file = write("ml-100k.inter", INTER);
    assertThatThrownBy(() -> MovieLensReader.read(dir, 50))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2 [rows]")
        .hasMessageContaining("empty domain");
  }
}
