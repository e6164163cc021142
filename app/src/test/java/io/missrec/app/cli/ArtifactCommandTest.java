package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.app.config.Settings;
import io.missrec.app.stack.FreshDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./missrec artifact` against the embedded S3 and a fresh lineage database: an uploaded encoder
 * comes back byte for byte under a content-addressed URI, is recorded in lineage with its kind, and
 * a changed byte on the server's disk is caught.
 */
class ArtifactCommandTest {
  @TempDir Path dir;

  @Test
  void putGetVerifyAndTamper() throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Settings settings =
          Settings.fromEnv(
              Map.of(Settings.JDBC_URL, db.jdbcUrl(), Settings.DATA_DIR, dir.toString()), dir);
      Path model = dir.resolve("tiny-encoder.onnx");
      byte[] bytes = new byte[70_000];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (i * 31);
      }
      Files.write(model, bytes);

      CliRun put = run(settings, "put", model.toString());
      assertThat(put.exitCode()).as(put.err()).isZero();
      String uri = put.out().trim();
      assertThat(uri).matches("s3://[a-z0-9-]+/encoder_model/[0-9a-f]{64}");
      assertThat(run(settings, "put", model.toString()).out().trim())
          .as("the same bytes, the same URI")
          .isEqualTo(uri);

      Path back = dir.resolve("back.onnx");
      CliRun get = run(settings, "get", uri, "-o", back.toString());
      assertThat(get.exitCode()).as(get.err()).isZero();
      assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
      assertThat(run(settings, "verify", uri).out()).contains("ok  " + uri);

      try (Connection c = DriverManager.getConnection(db.jdbcUrl());
          PreparedStatement st =
              c.prepareStatement(
                  "SELECT kind, media_type, size_bytes FROM artifact WHERE uri = ?")) {
        st.setString(1, uri);
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("recorded in lineage").isTrue();
          assertThat(rs.getString(1)).isEqualTo("encoder_model");
          assertThat(rs.getString(2)).isEqualTo("application/onnx");
          assertThat(rs.getLong(3)).isEqualTo(bytes.length);
        }
      }

      Path onDisk = objectFile(uri.substring(uri.lastIndexOf('/') + 1));
      byte[] stored = Files.readAllBytes(onDisk);
      stored[1234] ^= 1;
      Files.write(onDisk, stored);
      CliRun tampered = run(settings, "verify", uri);
      assertThat(tampered.exitCode()).isEqualTo(ArtifactCommand.MISMATCH);
      assertThat(tampered.err()).contains(uri.substring(uri.lastIndexOf('/') + 1));
      assertThat(run(settings, "get", uri, "-o", dir.resolve("bad").toString()).exitCode())
          .isEqualTo(ArtifactCommand.MISMATCH);
      assertThat(dir.resolve("bad")).as("nothing half-written").doesNotExist();
    }
  }

  @Test
  void badInputIsNamed() throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Settings settings =
          Settings.fromEnv(
              Map.of(Settings.JDBC_URL, db.jdbcUrl(), Settings.DATA_DIR, dir.toString()), dir);
      CliRun missing = run(settings, "put", dir.resolve("nope.onnx").toString());
      assertThat(missing.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(missing.err()).contains("nope.onnx: not a readable file");

      Path file = Files.writeString(dir.resolve("x.bin"), "x");
      CliRun kind = run(settings, "put", file.toString(), "--kind", "checkpoint");
      assertThat(kind.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(kind.err()).contains("pipelines write that kind themselves");
      assertThat(run(settings, "put", file.toString(), "--kind", "poem").err())
          .contains("unknown artifact kind 'poem'");

      CliRun absent = run(settings, "verify", "s3://missrec/encoder_model/" + "ab".repeat(32));
      assertThat(absent.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(absent.err()).contains("no artifact at");
    }
  }

  private Path objectFile(String sha256) throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("s3"))) {
      return files
          .filter(p -> p.getFileName().toString().equals(sha256) && Files.isRegularFile(p))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no object file " + sha256));
    }
  }

  /** {@code missrec artifact ARGS} against {@code settings}' services. */
  static CliRun run(Settings settings, String... args) {
    Supplier<Settings> saved = ArtifactCommand.environment;
    ArtifactCommand.environment = () -> settings;
    try {
      String[] full = new String[args.length + 1];
      full[0] = "artifact";
      System.arraycopy(args, 0, full, 1, args.length);
      return CliRun.of(full);
    } finally {
      ArtifactCommand.environment = saved;
    }
  }
}
