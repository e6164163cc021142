package io.missrec.model.data;

/**
 * Bad input data. The message always names the file, the 1-based line (0 when the problem is not
 * tied to a line) and the field, so a user can go straight to the fault.
 */
public class DataFormatException extends RuntimeException {

  private final String file;
  private final long line;
  private final String field;

  public DataFormatException(String file, long line, String field, String problem) {
    super(file + (line > 0 ? ":" + line : "") + " [" + field + "]: " + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public String field() {
    return field;
  }
}
