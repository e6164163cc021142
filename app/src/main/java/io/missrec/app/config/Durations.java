package io.missrec.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as {@code 0}, {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or
 * ISO-8601.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private Durations() {}

  /**
   * @param name the setting's name, for the error message
   * @throws IllegalArgumentException naming the setting when the text is not a duration
   */
  public static Duration parse(String name, String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
    try {
      Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + "=" + text + ": a duration must not be negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + "=" + text + ": not a duration (use e.g. 0, 500ms, 5s, 2m or PT5S)", e);
    }
  }
}
