package io.missrec.app.schedule;

import io.missrec.workflows.payload.DatasetRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --dataset NAME=LOCATION} values: LOCATION is a URI ({@code file:///data/x/}, {@code
 * synthetic://synth-a?seed=42}) or a path, made absolute because the schedule fires later, on a
 * worker, not in the caller's directory.
 */
public final class DatasetArgs {
  private DatasetArgs() {}

  public static List<DatasetRef> parse(List<String> values, String format) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("--dataset: give at least one NAME=LOCATION");
    }
    List<DatasetRef> datasets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String value : values) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new IllegalArgumentException(
            "--dataset " + value + ": expected NAME=LOCATION, e.g. scientific=/data/scientific");
      }
      String name = value.substring(0, eq).trim();
      String location = value.substring(eq + 1).trim();
      if (!names.add(name)) {
        throw new IllegalArgumentException("--dataset: name " + name + " is given twice");
      }
      String uri =
          location.contains("://")
              ? location
              : Path.of(location).toAbsolutePath().normalize().toUri().toString();
      datasets.add(new DatasetRef(uri, null, name, format));
    }
    return datasets;
  }
}
