package io.missrec.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleDomainWriterTest {

  @TempDir Path dir;

  @Test
  void syntheticDomainSurvivesWriteThenRead() {
    SyntheticConfig config = SyntheticConfig.defaults().withSize(120, 150);
    Domain original = SyntheticDomains.generate(config).get(1);
    Map<String, String> suffixes = new LinkedHashMap<>();
    suffixes.put(FeatureTable.TEXT, "feat1CLS");
    suffixes.put(FeatureTable.IMAGE, "feat3CLS");

    RecBoleDomainWriter.write(original, dir, suffixes);
    Domain loaded = RecBoleSequenceReader.read(dir, original.name(), suffixes, 0, 50);

    DomainAssertions.assertSameDomain(loaded, original);
    assertThat(loaded.feature(FeatureTable.IMAGE).orElseThrow().presentCount())
        .isEqualTo(original.feature(FeatureTable.IMAGE).orElseThrow().presentCount())
        .isLessThan(120);

    // The facade finds the same files by itself.
    Domain detected = Domains.read(dir);
    DomainAssertions.assertSameDomain(detected, original);
  }
}
