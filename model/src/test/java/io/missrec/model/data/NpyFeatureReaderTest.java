package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy reader against files NumPy wrote (make_fixtures.py) and hand-made broken ones. */
class NpyFeatureReaderTest {

  @TempDir Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(NpyFeatureReaderTest.class.getResource("/npy/" + name).toURI());
  }

  /** A version-1 .npy file with the given header dict and float32 payload. */
  private Path npy(String name, String dict, float... values) throws IOException {
    byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out =
        ByteBuffer.allocate(10 + header.length + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.putShort((short) header.length);
    out.put(header);
    for (float v : values) {
      out.putFloat(v);
    }
    Path file = dir.resolve(name);
    Files.write(file, out.array());
    return file;
  }

  @Test
  void readsNumpyFloat32InCOrderAndMarksZeroAndNanRowsMissing() throws Exception {
    FeatureTable t = NpyFeatureReader.read(fixture("c_float32.npy"), "image", 4);
    assertThat(t.dim()).isEqualTo(3);
    assertThat(t.row(0)).containsExactly(1f, -2.5f, 3f);
    assertThat(t.row(2)).containsExactly(0f, 0f, 0f);
    assertThat(t.row(3)).containsExactly(0f, 7f, 0.5f);
    assertThat(t.missing()).containsExactly(false, true, true, false);
  }

  @Test
  void readsNumpyFloat64InFortranOrderToTheSameTable() throws Exception {
    FeatureTable c = NpyFeatureReader.read(fixture("c_float32.npy"), "image", 4);
    FeatureTable f = NpyFeatureReader.read(fixture("fortran_float64.npy"), "image", 4);
    for (int i = 0; i < 4; i++) {
      assertThat(f.row(i)).containsExactly(c.row(i));
    }
    assertThat(f.missing()).containsExactly(c.missing());
  }

  @Test
  void rowCountOtherThanTheDomainsNamesFileAndCounts() throws Exception {
    Path file = fixture("c_float32.npy");
    assertThatThrownBy(() -> NpyFeatureReader.read(file, "image", 5))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("c_float32.npy")
        .hasMessageContaining("4 rows")
        .hasMessageContaining("5 items");
  }

  @Test
  void nanInsideARealRowNamesRowAndColumn() throws IOException {
    Path file =
        npy(
            "bad.npy",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
            1f,
            2f,
            3f,
            Float.NaN);
    assertThatThrownBy(() -> NpyFeatureReader.read(file, "text", 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("bad.npy")
        .hasMessageContaining("row 2, column 2");
  }

  @Test
  void rejectsOtherDtypesShapesTruncationAndNonNpyFiles() throws IOException {
    Path ints = npy("i.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1), }", 1f);
    assertThatThrownBy(() -> NpyFeatureReader.read(ints, "text", 1))
        .hasMessageContaining("'<i4' is not little-endian float32 or float64");
    Path flat = npy("v.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 1f, 2f);
    assertThatThrownBy(() -> NpyFeatureReader.read(flat, "text", 2))
        .hasMessageContaining("2-D array");
    Path shortPayload =
        npy("t.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 1f, 2f, 3f);
    assertThatThrownBy(() -> NpyFeatureReader.read(shortPayload, "text", 2))
        .hasMessageContaining("payload has 12 bytes")
        .hasMessageContaining("needs 16");
    Path raw = dir.resolve("raw.npy");
    Files.write(raw, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    assertThatThrownBy(() -> NpyFeatureReader.read(raw, "text", 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("not a NumPy .npy file");
  }

  @Test
  void domainFeatureFilesEndingInNpyAreReadAsNumpy() throws Exception {
    Files.copy(fixture("c_float32.npy"), dir.resolve("shop.img.npy"));
    Map<String, FeatureTable> tables =
        FeatureFiles.load(dir, "shop", Map.of("image", "img.npy"), 0, 4);
    assertThat(tables.get("image").dim()).isEqualTo(3);
    assertThatThrownBy(() -> FeatureFiles.load(dir, "shop", Map.of("image", "img.npy"), 8, 4))
        .hasMessageContaining("dim 3 but 8 was asked for");
  }
}
