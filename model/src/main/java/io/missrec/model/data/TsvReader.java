package io.missrec.model.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Line-by-line reader of tab-separated files that checks the column count of every row and reports
 * faults as {@link DataFormatException}s with the 1-based line number.
 *
 * <p>Header names are matched on the part before {@code ':'}, so RecBole's {@code user_id:token} is
 * found as {@code user_id}. Fully blank lines are skipped.
 */
final class TsvReader implements AutoCloseable {

  private final String file;
  private final BufferedReader in;
  private final Map<String, Integer> columns = new HashMap<>();
  private long line;
  private int expectedColumns = -1;

  private TsvReader(String file, BufferedReader in) {
    this.file = file;
    this.in = in;
  }

  static TsvReader open(Path path) {
    try {
      return new TsvReader(path.toString(), Files.newBufferedReader(path, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new DataFormatException(path.toString(), 0, "file", "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String file() {
    return file;
  }

  /**
   * Reads line 1 as the header and checks that it names every required column; data rows must then
   * have as many cells as the header.
   */
  void readHeader(String... required) {
    String text = readLine();
    if (text == null) {
      throw new DataFormatException(file, 1, "header", "file is empty, expected a header row");
    }
    String[] names = text.split("\t", -1);
    for (int i = 0; i < names.length; i++) {
      String name = names[i].strip();
      int colon = name.indexOf(':');
      columns.putIfAbsent(colon >= 0 ? name.substring(0, colon) : name, i);
    }
    for (String name : required) {
      if (!columns.containsKey(name)) {
        throw new DataFormatException(
            file, line, name, "header has no column '" + name + "' (header: " + text + ")");
      }
    }
    expectedColumns = names.length;
  }

  /** For header-less files: every data row must have exactly {@code count} cells. */
  void expectColumns(int count) {
    expectedColumns = count;
  }

  boolean hasColumn(String name) {
    return columns.containsKey(name);
  }

  /** Index of a header column checked by {@link #readHeader}. */
  int column(String name) {
    Integer index = columns.get(name);
    if (index == null) {
      throw new IllegalStateException("column " + name + " was not required in readHeader");
    }
    return index;
  }

  /** The next non-blank row, or null at the end of the file. */
  TsvRow next() {
    String text;
    do {
      text = readLine();
      if (text == null) {
        return null;
      }
    } while (text.isBlank());
    String[] cells = text.split("\t", -1);
    if (expectedColumns >= 0 && cells.length != expectedColumns) {
      throw new DataFormatException(
          file,
          line,
          "columns",
          "expected " + expectedColumns + " tab-separated columns, found " + cells.length);
    }
    return new TsvRow(file, line, cells);
  }

  private String readLine() {
    try {
      String text = in.readLine();
      if (text != null) {
        line++;
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ":" + line, e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
