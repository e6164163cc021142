package io.missrec.model.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The one entry point that loads a domain from disk in any {@link DatasetFormat}. */
public final class Domains {

  private Domains() {}

  /** Detects the format, then reads with {@link DomainReadOptions#defaults()}. */
  public static Domain read(Path dir) {
    return read(dir, DatasetFormat.detect(dir), DomainReadOptions.defaults());
  }

  public static Domain read(Path dir, DatasetFormat format, DomainReadOptions options) {
    List<String> files = DatasetFormat.fileNames(dir);
    String name = options.name() != null ? options.name() : inferName(dir, format, files);
    Map<String, String> features = options.resolveFeatures(name, files);
    return switch (format) {
      case RECBOLE ->
          RecBoleSequenceReader.read(dir, name, features, options.featureDim(), options.maxLen());
      case OFFICE_RECHORUS ->
          Office2014Reader.read(dir, name, features, options.featureDim(), options.maxLen());
      case MOVIELENS ->
          MovieLensReader.read(dir, name, features, options.featureDim(), options.maxLen());
    };
  }

  private static String inferName(Path dir, DatasetFormat format, List<String> files) {
    String suffix =
        switch (format) {
          case RECBOLE -> ".item2index";
          case OFFICE_RECHORUS -> ".item2index";
          case MOVIELENS -> ".inter";
        };
    List<String> stems =
        files.stream()
            .filter(f -> f.endsWith(suffix))
            .map(f -> f.substring(0, f.length() - suffix.length()))
            .filter(stem -> format != DatasetFormat.MOVIELENS || !stem.contains("."))
            .toList();
    if (stems.size() != 1) {
      throw new DataFormatException(
          dir.toString(),
          0,
          "name",
          "cannot infer the domain name: expected one *" + suffix + " file, found " + stems);
    }
    return stems.get(0);
  }
}
