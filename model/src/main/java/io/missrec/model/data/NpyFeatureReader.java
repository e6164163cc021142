package io.missrec.model.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a precomputed feature table stored as a NumPy {@code .npy} file (format versions 1 to 3): a
 * 2-D array {@code (numItems, dim)} of little-endian float32 or float64, C or Fortran order.
 *
 * <p>Missing modalities must be explicit: a row that is entirely zero or entirely NaN is marked
 * missing (and stored as zeros with the mask set); any other NaN or infinity is an error naming the
 * row and column. Float64 values are narrowed to float32, the model's precision.
 */
public final class NpyFeatureReader {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyFeatureReader() {}

  /**
   * @throws DataFormatException for a file that is not {@code .npy}, a dtype other than {@code
   *     <f4}/{@code <f8}, a shape that is not 2-D or whose row count is not {@code numItems}, a
   *     truncated payload, or a non-finite value in a row that is not entirely missing
   */
  public static FeatureTable read(Path file, String modality, int numItems) {
    byte[] bytes = readAll(file);
    String where = file.toString();
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (byte b : MAGIC) {
      if (!in.hasRemaining() || in.get() != b) {
        throw new DataFormatException(where, 0, "magic", "not a NumPy .npy file");
      }
    }
    if (in.remaining() < 2) {
      throw new DataFormatException(where, 0, "version", "truncated header");
    }
    int major = in.get() & 0xff;
    in.get(); // minor version: no format difference
    long headerLength;
    if (major == 1) {
      headerLength = in.getShort() & 0xffff;
    } else if (major == 2 || major == 3) {
      headerLength = in.getInt() & 0xffffffffL;
    } else {
      throw new DataFormatException(where, 0, "version", "unsupported .npy version " + major);
    }
    if (headerLength > in.remaining()) {
      throw new DataFormatException(where, 0, "header", "truncated header");
    }
    byte[] headerBytes = new byte[(int) headerLength];
    in.get(headerBytes);
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

    String descr = field(DESCR, header, where, "descr");
    int width;
    if (descr.equals("<f4")) {
      width = Float.BYTES;
    } else if (descr.equals("<f8")) {
      width = Double.BYTES;
    } else {
      throw new DataFormatException(
          where, 0, "descr", "dtype '" + descr + "' is not little-endian float32 or float64");
    }
    boolean fortran = field(FORTRAN, header, where, "fortran_order").equals("True");
    long[] shape = shape(field(SHAPE, header, where, "shape"), where);
    if (shape.length != 2) {
      throw new DataFormatException(
          where, 0, "shape", "expected a 2-D array (items, dim), got " + shape.length + "-D");
    }
    if (shape[0] != numItems) {
      throw new DataFormatException(
          where,
          0,
          modality,
          "array has " + shape[0] + " rows but the domain has " + numItems + " items");
    }
    if (shape[1] <= 0 || shape[1] > Integer.MAX_VALUE) {
      throw new DataFormatException(where, 0, "shape", "feature dim " + shape[1] + " is invalid");
    }
    int dim = (int) shape[1];
    long expected = (long) numItems * dim * width;
    if (in.remaining() != expected) {
      throw new DataFormatException(
          where,
          0,
          modality,
          "payload has "
              + in.remaining()
              + " bytes but shape ("
              + numItems
              + ", "
              + dim
              + ") of "
              + descr
              + " needs "
              + expected);
    }
    float[] values = new float[Math.multiplyExact(numItems, dim)];
    for (long k = 0; k < (long) numItems * dim; k++) {
      // element k of the file: (row, column) in C order, (column, row) in Fortran order
      int row = (int) (fortran ? k % numItems : k / dim);
      int column = (int) (fortran ? k / numItems : k % dim);
      values[row * dim + column] = width == Float.BYTES ? in.getFloat() : (float) in.getDouble();
    }
    return table(file, modality, numItems, dim, values);
  }

  /** All-NaN rows become all-zero (missing); any other non-finite value is an error. */
  private static FeatureTable table(
      Path file, String modality, int numItems, int dim, float[] values) {
    for (int row = 0; row < numItems; row++) {
      int base = row * dim;
      boolean allNan = true;
      for (int c = 0; c < dim && allNan; c++) {
        allNan = Float.isNaN(values[base + c]);
      }
      if (allNan) {
        Arrays.fill(values, base, base + dim, 0f);
      }
    }
    FeatureTableReader.checkFinite(file, modality, dim, values);
    return FeatureTable.fromValues(modality, numItems, dim, values);
  }

  private static String field(Pattern pattern, String header, String where, String name) {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new DataFormatException(where, 0, name, "header has no '" + name + "': " + header);
    }
    return m.group(1);
  }

  private static long[] shape(String tuple, String where) {
    String[] parts = tuple.split(",");
    int n = 0;
    long[] dims = new long[parts.length];
    for (String part : parts) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue; // the trailing comma of a 1-tuple
      }
      try {
        dims[n++] = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
      } catch (NumberFormatException e) {
        throw new DataFormatException(where, 0, "shape", "shape entry '" + p + "' is not a number");
      }
    }
    return Arrays.copyOf(dims, n);
  }

  private static byte[] readAll(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readAllBytes();
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file.toString(), 0, "file", "feature file not found");
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
