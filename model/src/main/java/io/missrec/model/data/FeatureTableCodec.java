package io.missrec.model.data;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Binary form of a {@link FeatureTable}, for storing tables as artifacts. Little-endian: magic
 * {@code "MRFT"}, int version, int modality length, modality (UTF-8), int numItems, int dim, {@code
 * numItems * dim} float32 values (row-major), {@code numItems} mask bytes (1 = missing). The same
 * table always encodes to the same bytes, so its artifact digest is stable. Integrity is the
 * artifact store's job (sha256 on read), so there is no checksum here.
 */
public final class FeatureTableCodec {

  private static final int MAGIC = 0x5446524d; // "MRFT" read as a little-endian int
  private static final int VERSION = 1;

  private FeatureTableCodec() {}

  public static byte[] encode(FeatureTable table) {
    byte[] modality = table.modality().getBytes(StandardCharsets.UTF_8);
    int size = 5 * Integer.BYTES + modality.length + table.values().length * Float.BYTES;
    ByteBuffer out = ByteBuffer.allocate(size + table.numItems()).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putInt(VERSION).putInt(modality.length).put(modality);
    out.putInt(table.numItems()).putInt(table.dim());
    for (float v : table.values()) {
      out.putFloat(v);
    }
    for (boolean missing : table.missing()) {
      out.put((byte) (missing ? 1 : 0));
    }
    return out.array();
  }

  /**
   * @param source name of where the bytes came from, for error messages
   * @throws DataFormatException naming {@code source} and the bad field
   */
  public static FeatureTable decode(byte[] bytes, String source) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (in.getInt() != MAGIC) {
        throw new DataFormatException(source, 0, "magic", "not a feature table (no MRFT magic)");
      }
      int version = in.getInt();
      if (version != VERSION) {
        throw new DataFormatException(source, 0, "version", "unsupported version " + version);
      }
      byte[] modality = new byte[in.getInt()];
      in.get(modality);
      int numItems = in.getInt();
      int dim = in.getInt();
      long expected = in.position() + (long) numItems * dim * Float.BYTES + numItems;
      if (numItems <= 0 || dim <= 0 || expected != bytes.length) {
        throw new DataFormatException(
            source,
            0,
            "size",
            bytes.length + " bytes do not hold " + numItems + " x " + dim + " features");
      }
      float[] values = new float[numItems * dim];
      in.asFloatBuffer().get(values);
      in.position(in.position() + values.length * Float.BYTES);
      boolean[] missing = new boolean[numItems];
      for (int i = 0; i < numItems; i++) {
        missing[i] = in.get() != 0;
      }
      return new FeatureTable(
          new String(modality, StandardCharsets.UTF_8), numItems, dim, values, missing);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new DataFormatException(source, 0, "header", "truncated feature table");
    }
  }
}
