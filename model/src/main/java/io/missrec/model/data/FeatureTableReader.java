package io.missrec.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads frozen item features stored as raw little-endian float32, row-major, one row of {@code dim}
 * floats per item ({@code *.feat1CLS}, {@code *.feat3CLS}). All-zero rows become missing.
 *
 * <p>The file is memory-mapped in chunks of whole rows and bulk-copied through a {@link
 * FloatBuffer}, so a 100 MB table loads in well under a second.
 */
public final class FeatureTableReader {

  private static final int BYTES_PER_FLOAT = Float.BYTES;
  private static final long MAX_CHUNK_BYTES = 1L << 30;

  private FeatureTableReader() {}

  /**
   * Reads a {@code (numItems, dim)} table.
   *
   * @throws DataFormatException when the size is not a multiple of {@code dim * 4}, the row count
   *     is not {@code numItems}, or a value is NaN/Inf (line = 1-based row)
   */
  public static FeatureTable read(Path file, String modality, int dim, int numItems) {
    if (dim <= 0 || numItems <= 0) {
      throw new IllegalArgumentException("dim and numItems must be > 0: " + dim + ", " + numItems);
    }
    long size = size(file);
    long rowBytes = (long) dim * BYTES_PER_FLOAT;
    if (size % rowBytes != 0) {
      throw new DataFormatException(
          file.toString(),
          0,
          modality,
          "file size " + size + " bytes is not a multiple of dim * 4 = " + rowBytes);
    }
    long rows = size / rowBytes;
    if (rows != numItems) {
      throw new DataFormatException(
          file.toString(),
          0,
          modality,
          "file has "
              + rows
              + " rows of dim "
              + dim
              + " but the domain has "
              + numItems
              + " items");
    }
    float[] values = new float[Math.multiplyExact(numItems, dim)];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long rowsPerChunk = Math.max(1, MAX_CHUNK_BYTES / rowBytes);
      for (long firstRow = 0; firstRow < rows; firstRow += rowsPerChunk) {
        long chunkRows = Math.min(rowsPerChunk, rows - firstRow);
        MappedByteBuffer mapped =
            channel.map(FileChannel.MapMode.READ_ONLY, firstRow * rowBytes, chunkRows * rowBytes);
        FloatBuffer floats = mapped.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        floats.get(values, (int) (firstRow * dim), (int) (chunkRows * dim));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
    checkFinite(file, modality, dim, values);
    return FeatureTable.fromValues(modality, numItems, dim, values);
  }

  /**
   * The row width implied by the file size: {@code size / 4 / numItems}, when that divides exactly.
   *
   * @throws DataFormatException when the size is not a whole number of float rows
   */
  public static int inferDim(Path file, String modality, int numItems) {
    long size = size(file);
    long perItem = (long) numItems * BYTES_PER_FLOAT;
    if (size == 0 || size % perItem != 0) {
      throw new DataFormatException(
          file.toString(),
          0,
          modality,
          "cannot infer the feature dim: file size "
              + size
              + " bytes is not a positive multiple of numItems * 4 = "
              + perItem);
    }
    return Math.toIntExact(size / perItem);
  }

  /** Throws, naming the 1-based row and column, at the first NaN or infinity. */
  static void checkFinite(Path file, String modality, int dim, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        int row = i / dim;
        int column = i % dim;
        throw new DataFormatException(
            file.toString(),
            row + 1,
            modality + "[" + (column + 1) + "]",
            "value "
                + values[i]
                + " at row "
                + (row + 1)
                + ", column "
                + (column + 1)
                + " (1-based) is not finite");
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file.toString(), 0, "file", "feature file not found");
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
