package io.missrec.app.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One {@code POST /v1/recommendations} body: {@code {"user": "A1"}} (served from the user's latest
 * history in the dataset) or {@code {"items": ["B7", "B2"]}} (any history of catalogue items,
 * oldest first, e.g. the current session), with optional {@code "k"} and {@code "includeSeen"}.
 * Unknown fields are refused, so a misspelt option is not silently ignored.
 *
 * @param user dataset user id, or null
 * @param items dataset item ids, or null
 * @param k list length, or null for the server's default
 * @param includeSeen whether the history's own items may be listed
 */
public record ServeRequest(String user, List<String> items, Integer k, boolean includeSeen) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("user", "items", "k", "includeSeen");

  /** Parses and checks the shape of a body; catalogue and range checks are the service's. */
  public static ServeRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          "body is not JSON: " + e.getOriginalMessage() + " at " + location(e));
    } catch (IOException e) {
      throw new BadRequestException("body cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadRequestException(
            "unknown field '" + name + "' (known: user, items, k, includeSeen)");
      }
    }
    String user = null;
    if (root.has("user")) {
      if (!root.get("user").isTextual()) {
        throw new BadRequestException("user: a string dataset user id");
      }
      user = root.get("user").asText();
    }
    List<String> items = null;
    if (root.has("items")) {
      JsonNode array = root.get("items");
      if (!array.isArray()) {
        throw new BadRequestException("items: an array of dataset item ids, oldest first");
      }
      items = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        if (!array.get(i).isTextual()) {
          throw new BadRequestException("items[" + i + "]: a string item id");
        }
        items.add(array.get(i).asText());
      }
    }
    if ((user == null) == (items == null)) {
      throw new BadRequestException("give either user or items, not both or neither");
    }
    Integer k = null;
    if (root.has("k")) {
      if (!root.get("k").isIntegralNumber()) {
        throw new BadRequestException("k: an integer");
      }
      k = root.get("k").asInt();
    }
    boolean includeSeen = false;
    if (root.has("includeSeen")) {
      if (!root.get("includeSeen").isBoolean()) {
        throw new BadRequestException("includeSeen: true or false");
      }
      includeSeen = root.get("includeSeen").asBoolean();
    }
    return new ServeRequest(user, items, k, includeSeen);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? "?"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
