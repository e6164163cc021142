package io.missrec.model.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.model.data.Domain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-K lists as JSON Lines with the dataset's own ids, one user per line: {@code {"user": "A1",
 * "items": ["B7", ...], "scores": [4.21, ...]}}, UTF-8. The same lists give the same bytes.
 */
public final class RecommendationLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecommendationLines() {}

  /** Writes one line per user, in the given order; does not close {@code out}. */
  public static void write(
      OutputStream out, Domain domain, List<UserHistory> users, List<Recommendation> lists) {
    if (users.size() != lists.size()) {
      throw new IllegalArgumentException(users.size() + " users but " + lists.size() + " lists");
    }
    try {
      for (int i = 0; i < users.size(); i++) {
        String user = domain.userIds().get(users.get(i).user());
        out.write(JSON.writeValueAsBytes(line(domain, user, lists.get(i))));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write recommendations", e);
    }
  }

  /** The lines as UTF-8 bytes. */
  public static byte[] bytes(Domain domain, List<UserHistory> users, List<Recommendation> lists) {
    var out = new java.io.ByteArrayOutputStream();
    write(out, domain, users, lists);
    return out.toByteArray();
  }

  /**
   * One list as a JSON object: {@code {"user", "items", "scores"}} in the dataset's ids, without
   * {@code "user"} when it is null (a history that is no stored user's).
   */
  public static Map<String, Object> line(Domain domain, String user, Recommendation r) {
    List<String> items = new ArrayList<>(r.items().length);
    List<Float> scores = new ArrayList<>(r.items().length);
    for (int j = 0; j < r.items().length; j++) {
      items.add(domain.itemIds().get(r.items()[j]));
      scores.add(r.scores()[j]);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    if (user != null) {
      line.put("user", user);
    }
    line.put("items", items);
    line.put("scores", scores);
    return line;
  }
}
