package io.missrec.app.serve;

/** A request the server refuses with 400, the message naming the field at fault. */
public final class BadRequestException extends IllegalArgumentException {
  public BadRequestException(String message) {
    super(message);
  }
}
