package io.missrec.model.train;

import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of {@link ResumableAdam}'s state: per parameter, keyed by the parameter's name in the
 * block (stable across processes, unlike DJL's random parameter ids), the number of updates it has
 * had and Adam's first and second moments, each with the parameter's shape.
 *
 * <p>File format (big-endian): magic {@code "MRAD"}, format version 1, the number of entries, then
 * per entry its name (modified UTF-8), steps, rank, dimensions, and {@code n} floats of the first
 * moment followed by {@code n} floats of the second, {@code n} being the product of the dimensions.
 */
public final class AdamState {

  private static final int MAGIC = 0x4D524144; // "MRAD"
  private static final int VERSION = 1;
  private static final int CHUNK = 1 << 16;

  /**
   * One parameter's state.
   *
   * @param steps updates applied to the parameter so far (>= 1)
   * @param shape the parameter's shape
   * @param mean first moment, {@code shape} flattened row-major
   * @param variance second moment, {@code shape} flattened row-major
   */
  public record Entry(int steps, long[] shape, float[] mean, float[] variance) {
    public Entry {
      long n = 1;
      for (long d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "negative dimension in shape " + Arrays.toString(shape));
        }
        n *= d;
      }
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1, got " + steps);
      }
      if (mean.length != n || variance.length != n) {
        throw new IllegalArgumentException(
            "shape "
                + Arrays.toString(shape)
                + " holds "
                + n
                + " values but the moments hold "
                + mean.length
                + " and "
                + variance.length);
      }
    }
  }

  private final Map<String, Entry> entries;

  /**
   * @param entries state per parameter name, in the block's parameter order
   */
  public AdamState(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** State per parameter name; parameters that were never updated are absent. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /**
   * Checks that every entry names one of {@code parameters} and has its shape.
   *
   * @param parameters a block's parameters by name ({@code block.getParameters().toMap()})
   * @throws IllegalArgumentException naming the first parameter that does not fit
   */
  public void checkFits(Map<String, Parameter> parameters) {
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Parameter parameter = parameters.get(e.getKey());
      if (parameter == null) {
        throw new IllegalArgumentException(
            "optimizer state has parameter " + e.getKey() + ", which the model does not have");
      }
      long[] shape = parameter.getArray().getShape().getShape();
      if (!Arrays.equals(shape, e.getValue().shape())) {
        throw new IllegalArgumentException(
            "optimizer state of parameter "
                + e.getKey()
                + " has shape "
                + Arrays.toString(e.getValue().shape())
                + " but the parameter has "
                + Arrays.toString(shape));
      }
    }
  }

  /** Writes the state to {@code file} (created or replaced). */
  public void write(Path file) {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write optimizer state " + file, e);
    }
  }

  /** Writes the state to {@code stream} (left open). */
  public void write(OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(entries.size());
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      out.writeUTF(e.getKey());
      out.writeInt(entry.steps());
      out.writeInt(entry.shape().length);
      for (long d : entry.shape()) {
        out.writeLong(d);
      }
      writeFloats(out, entry.mean());
      writeFloats(out, entry.variance());
    }
    out.flush();
  }

  /** Reads a state written by {@link #write(Path)}; errors name {@code file}. */
  public static AdamState read(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read optimizer state " + file, e);
    }
  }

  /**
   * Reads a state from {@code stream}.
   *
   * @param source names the stream in error messages
   * @throws IllegalArgumentException when the bytes are not an optimizer state of this format
   */
  public static AdamState read(InputStream stream, String source) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(source + " is not an optimizer state (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            source + ": optimizer state format " + version + ", expected " + VERSION);
      }
      int count = in.readInt();
      if (count < 0) {
        throw new IllegalArgumentException(source + ": negative entry count " + count);
      }
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int steps = in.readInt();
        int rank = in.readInt();
        if (rank < 0 || rank > 16) {
          throw new IllegalArgumentException(source + ": parameter " + name + " has rank " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int r = 0; r < rank; r++) {
          shape[r] = in.readLong();
          if (shape[r] < 0 || shape[r] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                source + ": parameter " + name + " has dimension " + shape[r]);
          }
          n *= shape[r];
          if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + ": parameter " + name + " is too large");
          }
        }
        float[] mean = readFloats(in, (int) n);
        float[] variance = readFloats(in, (int) n);
        try {
          if (entries.put(name, new Entry(steps, shape, mean, variance)) != null) {
            throw new IllegalArgumentException("duplicate entry");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              source + ": parameter " + name + ": " + e.getMessage(), e);
        }
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException(source + ": trailing bytes after " + count + " entries");
      }
      return new AdamState(entries);
    } catch (EOFException e) {
      throw new IllegalArgumentException(source + ": optimizer state is truncated", e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4 * Math.min(values.length, CHUNK));
    for (int from = 0; from < values.length; from += CHUNK) {
      int to = Math.min(values.length, from + CHUNK);
      buffer.clear();
      buffer.asFloatBuffer().put(values, from, to - from);
      out.write(buffer.array(), 0, 4 * (to - from));
    }
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] values = new float[n];
    byte[] bytes = new byte[4 * Math.min(n, CHUNK)];
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      in.readFully(bytes, 0, 4 * (to - from));
      ByteBuffer.wrap(bytes, 0, 4 * (to - from)).asFloatBuffer().get(values, from, to - from);
    }
    return values;
  }
}
