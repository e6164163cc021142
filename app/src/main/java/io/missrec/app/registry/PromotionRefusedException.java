package io.missrec.app.registry;

/** A stage change the registry's rules do not allow; the message says which rule and why. */
public final class PromotionRefusedException extends RuntimeException {
  public PromotionRefusedException(String message) {
    super(message);
  }
}
