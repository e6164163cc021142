package io.missrec.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** On-disk layouts {@link Domains#read} understands. */
public enum DatasetFormat {
  /** UniSRec/RecBole sequence files: {@code <name>.item2index, .train/.valid/.test.inter}. */
  RECBOLE,
  /** ReChorus CSVs: {@code train.csv, dev.csv, test.csv, <name>.item2index}. */
  OFFICE_RECHORUS,
  /** RecBole atomic files: {@code <name>.inter} (+ {@code <name>.item}). */
  MOVIELENS;

  /**
   * Guesses the format from the files in {@code dir}.
   *
   * @throws DataFormatException when no known layout matches
   */
  public static DatasetFormat detect(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(
          dir.toString(), 0, "dataset", Files.exists(dir) ? "not a folder" : "no such folder");
    }
    if (Files.exists(dir.resolve("train.csv"))) {
      return OFFICE_RECHORUS;
    }
    List<String> names = fileNames(dir);
    if (names.stream().anyMatch(n -> n.endsWith(".train.inter"))) {
      return RECBOLE;
    }
    if (names.stream().anyMatch(n -> n.endsWith(".inter"))) {
      return MOVIELENS;
    }
    throw new DataFormatException(
        dir.toString(), 0, "format", "no train.csv, *.train.inter or *.inter file found");
  }

  static List<String> fileNames(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toString(), e);
    }
  }
}
