package io.missrec.model.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Domain} in the UniSRec/RecBole file format that {@link RecBoleSequenceReader}
 * reads back identically: {@code <name>.item2index}, {@code .user2index}, {@code
 * .train/.valid/.test.inter} (examples in split order), {@code .text} (items with a text) and one
 * raw little-endian float32 file per feature modality.
 *
 * <p>Reading back with the same {@code maxLen} (or larger) and the same suffixes gives an equal
 * domain, except that a present feature row of all zeros would come back as missing.
 */
public final class RecBoleDomainWriter {

  private static final String INTER_HEADER = "user_id:token\titem_id_list:token_seq\titem_id:token";

  private RecBoleDomainWriter() {}

  /**
   * @param featureSuffixes file suffix per modality of the domain (every modality needs one), e.g.
   *     {@link DomainReadOptions#STANDARD_FEATURES}
   */
  public static void write(Domain domain, Path dir, Map<String, String> featureSuffixes) {
    String name = domain.name();
    try {
      Files.createDirectories(dir);
      try (BufferedWriter out = writer(dir, name + ".item2index")) {
        for (int i = 0; i < domain.numItems(); i++) {
          out.write(token(domain.itemIds().get(i), "item id") + "\t" + i + "\n");
        }
      }
      try (BufferedWriter out = writer(dir, name + ".user2index")) {
        for (int u = 0; u < domain.numUsers(); u++) {
          out.write(token(domain.userIds().get(u), "user id") + "\t" + u + "\n");
        }
      }
      writeInter(dir, name + ".train.inter", domain.splits().train());
      writeInter(dir, name + ".valid.inter", domain.splits().valid());
      writeInter(dir, name + ".test.inter", domain.splits().test());
      if (!domain.itemTexts().isEmpty()) {
        try (BufferedWriter out = writer(dir, name + ".text")) {
          out.write("item_id:token\ttext:token_seq\n");
          for (int i = 0; i < domain.numItems(); i++) {
            String text = domain.itemTexts().get(i);
            if (text != null) {
              out.write(domain.itemIds().get(i) + "\t" + singleLine(text) + "\n");
            }
          }
        }
      }
      for (FeatureTable table : domain.features().values()) {
        String suffix = featureSuffixes.get(table.modality());
        if (suffix == null) {
          throw new IllegalArgumentException("no file suffix for modality " + table.modality());
        }
        writeFeatures(dir.resolve(name + "." + suffix), table);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toString(), e);
    }
  }

  private static void writeInter(Path dir, String file, List<UserSequence> examples)
      throws IOException {
    try (BufferedWriter out = writer(dir, file)) {
      out.write(INTER_HEADER + "\n");
      StringBuilder line = new StringBuilder();
      for (UserSequence e : examples) {
        line.setLength(0);
        line.append(e.user()).append('\t');
        for (int i = 0; i < e.history().length; i++) {
          line.append(i > 0 ? " " : "").append(e.history()[i]);
        }
        line.append('\t').append(e.target()).append('\n');
        out.write(line.toString());
      }
    }
  }

  private static void writeFeatures(Path file, FeatureTable table) throws IOException {
    ByteBuffer bytes =
        ByteBuffer.allocate(table.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(table.values());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(bytes.array());
    }
  }

  private static BufferedWriter writer(Path dir, String file) throws IOException {
    return Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8);
  }

  private static String token(String value, String what) {
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(what + " '" + value + "' is empty or has whitespace");
    }
    return value;
  }

  /** Texts are one TSV cell: tabs and line breaks become spaces. */
  private static String singleLine(String text) {
    return text.replaceAll("[\\t\\r\\n]+", " ").strip();
  }
}
