package io.missrec.app.recommend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.Recommendation;
import io.missrec.model.serve.RecommendationLines;
import io.missrec.model.serve.UserHistory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes top-K lists as JSON Lines ({@link RecommendationLines}) and beside it {@code
 * <file>.meta.json}, what produced them (model, checkpoint, dataset, K, code version). Both are
 * written to temporary siblings and renamed, so a failed run leaves neither half-written.
 */
public final class RecommendationFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecommendationFile() {}

  /** The sidecar's path: {@code <file>.meta.json}. */
  public static Path metaOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".meta.json");
  }

  /**
   * @param provenance what produced the lists, written to the sidecar as given
   */
  public static void write(
      Path file,
      Domain domain,
      List<UserHistory> users,
      List<Recommendation> lists,
      Map<String, Object> provenance) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // siblings named for this process: created with the umask's permissions, not 0600
      String tmp = "." + file.getFileName() + "." + ProcessHandle.current().pid();
      Path lines = parent.resolve(tmp + ".tmp");
      Path meta = parent.resolve(tmp + ".meta.tmp");
      try {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(lines))) {
          RecommendationLines.write(out, domain, users, lists);
        }
        JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(meta.toFile(), provenance);
        Files.move(meta, metaOf(file), StandardCopyOption.REPLACE_EXISTING);
        Files.move(lines, file, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(lines);
        Files.deleteIfExists(meta);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
