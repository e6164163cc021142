package io.missrec.app.demo;

import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.RecBoleDomainWriter;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's data: the generated synthetic domains (synth-a and synth-b for pre-training, synth-c
 * as the cold-start target), written once in the RecBole/UniSRec layout under {@code
 * <data>/datasets/<name>/} so that the pipelines ingest them like any other dataset.
 */
public final class DemoData {
  /** {@code DatasetRef#format} of the written folders. */
  public static final String FORMAT = "recbole";

  private final Path root;
  private final SyntheticConfig config;

  public DemoData(Path root, SyntheticConfig config) {
    this.root = root;
    this.config = config;
  }

  /** Under {@code <dataDir>/datasets} with the generator's default sizes. */
  public static DemoData under(Path dataDir) {
    return new DemoData(dataDir.resolve("datasets"), SyntheticConfig.defaults());
  }

  /** Writes the domains that are not on disk yet (generation is deterministic) and lists them. */
  public List<DatasetRef> ensureWritten() {
    List<String> names = config.domainNames();
    boolean missing = names.stream().anyMatch(n -> !Files.exists(marker(n)));
    if (missing) {
      for (Domain domain : SyntheticDomains.generate(config)) {
        if (!Files.exists(marker(domain.name()))) {
          RecBoleDomainWriter.write(
              domain, root.resolve(domain.name()), DomainReadOptions.STANDARD_FEATURES);
        }
      }
    }
    return names.stream().map(this::ref).toList();
  }

  /** The precomputed feature files the writer produced, one per modality. */
  public static FeatureSpec features() {
    Map<String, String> encoders = new LinkedHashMap<>();
    DomainReadOptions.STANDARD_FEATURES.forEach(
        (modality, suffix) -> encoders.put(modality, FeatureSpec.PRECOMPUTED_PREFIX + suffix));
    return new FeatureSpec(encoders);
  }

  private DatasetRef ref(String name) {
    return new DatasetRef(root.resolve(name).toUri().toString(), null, name, FORMAT);
  }

  private Path marker(String name) {
    return root.resolve(name).resolve(name + ".test.inter");
  }
}
