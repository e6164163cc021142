package io.missrec.activities.impl;

import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.model.data.DatasetFormat;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.RecBoleDomainWriter;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.DatasetRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a raw dataset's files are. Accepted {@link DatasetRef#uri()} forms:
 *
 * <ul>
 *   <li>{@code file:///abs/folder/} or a plain path: a folder in one of the {@link #format}s;
 *   <li>{@code synthetic://<domain>?seed=42&items=300&users=600}: domain {@code <domain>} ({@code
 *       synth-a}, {@code synth-b} or {@code synth-c}) of {@link SyntheticDomains} generated from
 *       {@link SyntheticConfig#defaults()} with the given seed and sizes (each optional), written
 *       as RecBole files with the standard feature suffixes ({@code feat1CLS} text, {@code
 *       feat3CLS} image). The same URI always gives the same files, hence the same digest.
 * </ul>
 */
final class DatasetSources {
  static final String SYNTHETIC_SCHEME = "synthetic";

  private final Path workDir;

  DatasetSources(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * The dataset's folder on local disk.
   *
   * @throws io.temporal.failure.ApplicationFailure invalid input when it does not exist
   */
  Path folder(DatasetRef source) {
    String uri = source.uri();
    if (uri.startsWith(SYNTHETIC_SCHEME + "://")) {
      return synthetic(uri);
    }
    Path dir;
    try {
      dir = uri.startsWith("file:") ? Path.of(new URI(uri)) : Path.of(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw ActivityErrors.invalidInput("dataset " + source.name() + ": bad URI " + uri, e);
    }
    if (!Files.isDirectory(dir)) {
      throw ActivityErrors.invalidInput(
          "dataset " + source.name() + ": folder " + dir + " does not exist");
    }
    return dir;
  }

  /**
   * The reader format of a {@link DatasetRef#format()}: {@code unisrec}/{@code recbole}, {@code
   * rechorus}, {@code recbole-atomic}/{@code movielens}, or {@code auto}/{@code synthetic}
   * (detected from the files).
   */
  static DatasetFormat format(DatasetRef source, Path dir) {
    return switch (source.format().toLowerCase(Locale.ROOT)) {
      case "unisrec", "recbole" -> DatasetFormat.RECBOLE;
      case "rechorus", "office-rechorus" -> DatasetFormat.OFFICE_RECHORUS;
      case "recbole-atomic", "movielens" -> DatasetFormat.MOVIELENS;
      case "auto", SYNTHETIC_SCHEME -> DatasetFormat.detect(dir);
      default ->
          throw ActivityErrors.invalidInput(
              "dataset "
                  + source.name()
                  + ": unknown format '"
                  + source.format()
                  + "' (unisrec, recbole, rechorus, recbole-atomic, movielens, auto, synthetic)");
    };
  }

  private Path synthetic(String uri) {
    URI parsed = URI.create(uri);
    String name = parsed.getHost();
    SyntheticConfig config = SyntheticConfig.defaults();
    Map<String, String> query = query(parsed.getQuery(), uri);
    try {
      if (query.containsKey("seed")) {
        config = config.withSeed(Long.parseLong(query.remove("seed")));
      }
      int items = Integer.parseInt(query.getOrDefault("items", "" + config.itemsPerDomain()));
      int users = Integer.parseInt(query.getOrDefault("users", "" + config.usersPerDomain()));
      query.remove("items");
      query.remove("users");
      config = config.withSize(items, users);
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput(uri + ": " + e.getMessage(), e);
    }
    if (!query.isEmpty()) {
      throw ActivityErrors.invalidInput(uri + ": unknown parameters " + query.keySet());
    }
    if (name == null || !config.domainNames().contains(name)) {
      throw ActivityErrors.invalidInput(
          uri + ": unknown synthetic domain; one of " + config.domainNames());
    }
    String key = io.missrec.activities.artifact.Sha256.hex(uri.getBytes()).substring(0, 16);
    Path dir = workDir.resolve("synthetic").resolve(name + "-" + key);
    if (!Files.isDirectory(dir)) {
      int index = config.domainNames().indexOf(name);
      Domain domain = SyntheticDomains.generate(config).get(index);
      try {
        Path tmp = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".tmp"));
        DeterministicArchive.deleteTree(tmp);
        RecBoleDomainWriter.write(domain, tmp, DomainReadOptions.STANDARD_FEATURES);
        Files.move(tmp, dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write synthetic dataset into " + dir, e);
      }
    }
    return dir;
  }

  private static Map<String, String> query(String query, String uri) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw ActivityErrors.invalidInput(uri + ": parameter '" + pair + "' is not key=value");
      }
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return params;
  }
}
