package io.missrec.model.data;

/** One tab-separated data row, with what a parser needs to report a fault at file:line:field. */
final class TsvRow {

  private final String file;
  private final long line;
  private final String[] cells;

  TsvRow(String file, long line, String[] cells) {
    this.file = file;
    this.line = line;
    this.cells = cells;
  }

  long line() {
    return line;
  }

  String text(int column) {
    return cells[column];
  }

  int parseInt(int column, String field) {
    String cell = cells[column].strip();
    try {
      return Integer.parseInt(cell);
    } catch (NumberFormatException e) {
      throw error(field, "'" + cell + "' is not an integer");
    }
  }

  long parseLong(int column, String field) {
    String cell = cells[column].strip();
    try {
      return Long.parseLong(cell);
    } catch (NumberFormatException e) {
      throw error(field, "'" + cell + "' is not an integer");
    }
  }

  double parseDouble(int column, String field) {
    String cell = cells[column].strip();
    try {
      double value = Double.parseDouble(cell);
      if (!Double.isFinite(value)) {
        throw error(field, "'" + cell + "' is not a finite number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw error(field, "'" + cell + "' is not a number");
    }
  }

  /** Parses a space-separated list of integers (RecBole {@code token_seq} of item indexes). */
  int[] parseIntList(int column, String field) {
    String cell = cells[column].strip();
    if (cell.isEmpty()) {
      return new int[0];
    }
    String[] tokens = cell.split(" +");
    int[] values = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      try {
        values[i] = Integer.parseInt(tokens[i]);
      } catch (NumberFormatException e) {
        throw error(field, "token " + (i + 1) + " '" + tokens[i] + "' is not an integer");
      }
    }
    return values;
  }

  DataFormatException error(String field, String problem) {
    return new DataFormatException(file, line, field, problem);
  }
}
