package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.ModelStage;
import io.missrec.app.stack.AuditStorage;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.MissRecModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code missrec model fetch} against a real PostgreSQL and the embedded S3: a registered version's
 * checkpoint comes back as the folder the trainer wrote, loadable as it was.
 */
class ModelFetchCommandTest {
  @TempDir Path dir;

  @Test
  void fetchesARegisteredCheckpointAsAFolderTheTrainerLoads() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "fetch");
        CommandEnvironment env = CommandEnvironment.of(storage.settings())) {
      Path written = dir.resolve("written");
      Map<String, float[]> saved = new LinkedHashMap<>();
      MissRecConfig config =
          new MissRecConfig(16, 2, 32, 1, 1, 0.1f, 10, 10, Map.of("text", 8), 0, 1e-12f);
      try (MissRecModel model = MissRecModel.create(config, 5)) {
        Checkpoints.save(model, 4, "fetched", written);
        model
            .block()
            .getParameters()
            .forEach(p -> saved.put(p.getKey(), p.getValue().getArray().toFloatArray()));
      }
      ArtifactRef checkpoint = storage.registerCheckpoint("fetched", written);

      Path out = dir.resolve("models").resolve("fetched-1");
      CliRun fetch = CliRun.of("model", "fetch", "fetched:1", "-o", out.toString());
      assertThat(fetch.exitCode()).as(fetch.err()).isZero();
      assertThat(fetch.out()).contains(checkpoint.uri());
      for (String file : new String[] {"config.json", "model.params", "interests.bin"}) {
        assertThat(Files.readAllBytes(out.resolve(file)))
            .as(file)
            .isEqualTo(Files.readAllBytes(written.resolve(file)));
      }
      assertThat(Checkpoints.manifest(out).epoch()).isEqualTo(4);
      try (MissRecModel loaded = Checkpoints.load(out, null)) {
        saved.forEach(
            (name, values) ->
                assertThat(loaded.block().getParameters().get(name).getArray().toFloatArray())
                    .as(name)
                    .containsExactly(values));
      }

      CliRun again = CliRun.of("model", "fetch", "fetched:1", "-o", out.toString());
      assertThat(again.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(again.err()).contains("exists; fetch into a new folder");
      CliRun unknown = CliRun.of("model", "fetch", "fetched:7", "-o", dir.resolve("x").toString());
      assertThat(unknown.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(unknown.err()).contains("no model version fetched:7");
      assertThat(dir.resolve("x")).doesNotExist();

      // by stage: the default folder is named for the version resolved
      CliRun noneYet = CliRun.of("model", "fetch", "fetched@production");
      assertThat(noneYet.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(noneYet.err()).contains("no version of fetched is in stage production");
      storage.lineage().transitionStage("fetched", 1, ModelStage.CANDIDATE);
      Path staged = dir.resolve("staged");
      CliRun byStage = CliRun.of("model", "fetch", "fetched@candidate", "-o", staged.toString());
      assertThat(byStage.exitCode()).as(byStage.err()).isZero();
      assertThat(byStage.out()).contains("fetched:1, fetched@candidate, " + checkpoint.uri());
      assertThat(Files.readAllBytes(staged.resolve("model.params")))
          .isEqualTo(Files.readAllBytes(written.resolve("model.params")));
    }
  }
}
