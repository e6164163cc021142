package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureTableReaderTest {

  @TempDir Path dir;

  private Path write(String name, float... values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    Path file = dir.resolve(name);
    Files.write(file, bytes.array());
    return file;
  }

  @Test
  void readsRowMajorLittleEndianAndMarksZeroRowsMissing() throws IOException {
    Path file = write("d.feat1CLS", 1f, -2.5f, 3f, 0f, 0f, 0f, 0f, 7f, 0f);
    FeatureTable table = FeatureTableReader.read(file, "text", 3, 3);
    assertThat(table.row(0)).containsExactly(1f, -2.5f, 3f);
    assertThat(table.row(2)).containsExactly(0f, 7f, 0f);
    assertThat(table.missing()).containsExactly(false, true, false);
    assertThat(FeatureTableReader.inferDim(file, "text", 3)).isEqualTo(3);
  }

  @Test
  void sizeNotAMultipleOfRowWidthNamesFileAndField() throws IOException {
    Path file = dir.resolve("d.feat3CLS");
    Files.write(file, new byte[4 * 7 + 2]);
    assertThatThrownBy(() -> FeatureTableReader.read(file, "image", 4, 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("[image]")
        .hasMessageContaining("not a multiple of dim * 4 = 16")
        .satisfies(e -> assertThat(((DataFormatException) e).line()).isZero());
    assertThatThrownBy(() -> FeatureTableReader.inferDim(file, "image", 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("cannot infer");
  }

  @Test
  void wrongRowCountIsRejected() throws IOException {
    Path file = write("d.feat1CLS", 1f, 2f, 3f, 4f, 5f, 6f);
    assertThatThrownBy(() -> FeatureTableReader.read(file, "text", 2, 4))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("[text]")
        .hasMessageContaining("3 rows of dim 2 but the domain has 4 items");
  }

  @Test
  void nanAndInfinityNameTheRowAndColumn() throws IOException {
    Path nan = write("nan.feat1CLS", 1f, 2f, 3f, 4f, Float.NaN, 6f);
    assertThatThrownBy(() -> FeatureTableReader.read(nan, "text", 3, 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(nan + ":2 [text[2]]")
        .hasMessageContaining("row 2, column 2")
        .hasMessageContaining("NaN");
    Path inf = write("inf.feat1CLS", Float.NEGATIVE_INFINITY, 2f, 3f, 4f);
    assertThatThrownBy(() -> FeatureTableReader.read(inf, "image", 2, 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(inf + ":1 [image[1]]")
        .hasMessageContaining("-Infinity");
  }

  @Test
  void missingFileIsADataError() {
    Path file = dir.resolve("absent.feat1CLS");
    assertThatThrownBy(() -> FeatureTableReader.read(file, "text", 2, 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not found");
  }
}
