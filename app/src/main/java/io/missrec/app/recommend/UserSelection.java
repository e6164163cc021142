package io.missrec.app.recommend;

import io.missrec.model.data.DataFormatException;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.UserHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which users to serve: all with a history, or those listed in a file (one id per line). */
public final class UserSelection {

  private UserSelection() {}

  /**
   * The listed users' latest histories, in the file's order. Blank lines and lines starting with
   * {@code #} are skipped.
   *
   * @throws DataFormatException naming the file and line of an id the domain does not know, or
   *     knows without a history to serve from
   */
  public static List<UserHistory> listed(Domain domain, Path file) {
    Map<String, Integer> index = new HashMap<>();
    for (int u = 0; u < domain.numUsers(); u++) {
      index.put(domain.userIds().get(u), u);
    }
    Map<Integer, UserHistory> byUser = new HashMap<>();
    for (UserHistory h : UserHistory.latest(domain)) {
      byUser.put(h.user(), h);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read user list " + file, e);
    }
    List<UserHistory> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String id = lines.get(i).strip();
      if (id.isEmpty() || id.startsWith("#")) {
        continue;
      }
      Integer user = index.get(id);
      if (user == null) {
        throw new DataFormatException(
            file.toString(), i + 1, "user", "unknown user '" + id + "' in " + domain.name());
      }
      UserHistory h = byUser.get(user);
      if (h == null) {
        throw new DataFormatException(
            file.toString(),
            i + 1,
            "user",
            "user '" + id + "' has no test example in " + domain.name() + " to serve from");
      }
      out.add(h);
    }
    if (out.isEmpty()) {
      throw new DataFormatException(file.toString(), 0, "user", "lists no users");
    }
    return out;
  }
}
