package io.missrec.activities.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rendered report: {@code index.html}, self-contained (charts embedded as data: URIs), and the
 * same charts as PNG files for whoever wants them alongside.
 *
 * @param html UTF-8 bytes of index.html; its sha256 is the report's identity
 * @param charts file name (e.g. {@code loss.png}) to PNG bytes
 */
public record RenderedReport(byte[] html, Map<String, byte[]> charts) {
  public static final String INDEX = "index.html";

  public RenderedReport {
    html = html.clone();
    charts = Collections.unmodifiableMap(new LinkedHashMap<>(charts));
  }

  @Override
  public byte[] html() {
    return html.clone();
  }

  /** Writes index.html and the PNGs into {@code dir} (created) and returns index.html's path. */
  public Path writeTo(Path dir) {
    return writeTo(dir, INDEX);
  }

  /** As {@link #writeTo(Path)}, with the page named {@code htmlName}. */
  public Path writeTo(Path dir, String htmlName) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
        Files.write(dir.resolve(chart.getKey()), chart.getValue());
      }
      Path index = dir.resolve(htmlName);
      Files.write(index, html);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir, e);
    }
  }
}
