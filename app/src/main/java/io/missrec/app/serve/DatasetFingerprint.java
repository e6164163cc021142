package io.missrec.app.serve;

import io.missrec.activities.artifact.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a dataset folder's files look like now, without reading them: the sha256 of every regular
 * file's name, size and modification time, in name order. Any file added, removed, appended to or
 * rewritten changes it; a check every few seconds costs one directory listing.
 */
public final class DatasetFingerprint {
  private DatasetFingerprint() {}

  /**
   * @throws IOException when the folder cannot be listed (gone, unmounted)
   */
  public static String of(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.filter(Files::isRegularFile).sorted().toList();
    }
    StringBuilder text = new StringBuilder();
    for (Path file : files) {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      text.append(file.getFileName())
          .append('\t')
          .append(a.size())
          .append('\t')
          .append(a.lastModifiedTime().toMillis())
          .append('\n');
    }
    return Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
