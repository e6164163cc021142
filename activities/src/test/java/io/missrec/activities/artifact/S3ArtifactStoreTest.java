package io.missrec.activities.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ArtifactStoreTest {
  private static final String BUCKET = "missrec-test";
  @TempDir static Path dataDir;
  @TempDir Path work;

  private static EmbeddedS3Server server;
  private static S3ArtifactStore store;
  private static MinioClient raw;

  @BeforeAll
  static void start() {
    server = EmbeddedS3Server.start(dataDir.resolve("s3"), 0, "test-access", "test-secret-key");
    store = S3ArtifactStore.connect(server.config(BUCKET));
    S3Config config = server.config(BUCKET);
    raw =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .region(config.region())
            .credentials(config.accessKey(), config.secretKey())
            .build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void roundTripsBytesUnderContentAddress() {
    byte[] content = "item_id\ttitle\n1\tmicroscope\n".getBytes(StandardCharsets.UTF_8);
    ArtifactRef ref = store.put(ArtifactKind.FEATURE_TABLE, content, "text/tab-separated-values");

    assertThat(ref.uri()).isEqualTo("s3://" + BUCKET + "/feature_table/" + Sha256.hex(content));
    assertThat(ref.sizeBytes()).isEqualTo(content.length);
    assertThat(store.exists(ref)).isTrue();
    assertThat(store.readAllBytes(ref.uri())).isEqualTo(content);
    store.verify(ref);
  }

  /** Activities of one worker may fetch the same artifact into the same place at the same time. */
  @Test
  void concurrentDownloadsOfOneArtifactAllSucceed() throws Exception {
    byte[] content = new byte[3 << 20];
    new Random(11).nextBytes(content);
    ArtifactRef ref = store.put(ArtifactKind.CHECKPOINT, content, "application/zip");
    Path target = work.resolve("artifacts").resolve(ref.sha256());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        Files.deleteIfExists(target);
        List<java.util.concurrent.Future<Path>> downloads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          downloads.add(pool.submit(() -> store.download(ref.uri(), target)));
        }
        for (java.util.concurrent.Future<Path> download : downloads) {
          assertThat(download.get()).isEqualTo(target.toAbsolutePath());
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(ref.sha256());
    }
  }

  @Test
  void streamsALargeFileMultipartAndDownloadsIt() throws Exception {
    Path file = work.resolve("checkpoint.bin");
    byte[] content = new byte[12 * 1024 * 1024]; // > 5 MiB part size: multipart upload
    new Random(42).nextBytes(content);
    Files.write(file, content);

    ArtifactRef ref = store.put(ArtifactKind.CHECKPOINT, file, "application/octet-stream");
    Path copy = store.download(ref, work.resolve("out/copy.bin"));

    assertThat(ref.sha256()).isEqualTo(Sha256.hex(content));
    assertThat(Files.size(copy)).isEqualTo(content.length);
    assertThat(Sha256.hex(copy)).isEqualTo(ref.sha256());
    assertThat(
            raw.statObject(StatObjectArgs.builder().bucket(BUCKET).object(ref.key()).build())
                .userMetadata())
        .containsEntry("sha256", ref.sha256());
  }

  @Test
  void secondPutOfSameContentUploadsNothing() throws Exception {
    byte[] content = "same bytes twice".getBytes(StandardCharsets.UTF_8);
    ArtifactRef first = store.put(ArtifactKind.RUN_REPORT, content, "application/json");
    ZonedDateTime firstModified = lastModified(first);
    Thread.sleep(1100); // object timestamps have second resolution

    ArtifactRef second = store.put(ArtifactKind.RUN_REPORT, content, "application/json");

    assertThat(second).isEqualTo(first);
    assertThat(lastModified(second)).isEqualTo(firstModified);
    assertThat(keysUnder("run_report/")).containsExactly(first.key());
  }

  @Test
  void contentOverwrittenThroughTheApiFailsVerification() throws Exception {
    byte[] content = "honest evaluation report".getBytes(StandardCharsets.UTF_8);
    ArtifactRef ref = store.put(ArtifactKind.EVALUATION_REPORT, content, "application/json");
    byte[] forged = "forged evaluation report".getBytes(StandardCharsets.UTF_8);
    raw.putObject(
        PutObjectArgs.builder().bucket(BUCKET).object(ref.key()).stream(
                new ByteArrayInputStream(forged), forged.length, -1)
            .userMetadata(Map.of("sha256", ref.sha256()))
            .build());

    assertThatThrownBy(() -> store.verify(ref))
        .isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining(ref.uri())
        .hasMessageContaining(Sha256.hex(forged));
    assertThatThrownBy(() -> store.readAllBytes(ref.uri()))
        .isInstanceOf(ArtifactIntegrityException.class);
  }

  @Test
  void contentTamperedOnDiskFailsWhileStreaming() throws Exception {
    byte[] content = new byte[256 * 1024];
    new Random(7).nextBytes(content);
    ArtifactRef ref = store.put(ArtifactKind.AUGMENTATION_VIEWS, content, "application/x-npy");
    Path onDisk = findObjectFile(ref.sha256());
    byte[] tampered = content.clone();
    tampered[1000] ^= 1; // one flipped bit, same length
    Files.write(onDisk, tampered);

    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open(ref)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              }
            })
        .isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining("expected sha256 " + ref.sha256());
    assertThat(Files.exists(work.resolve("never.bin"))).isFalse();
    assertThatThrownBy(() -> store.download(ref, work.resolve("never.bin")))
        .isInstanceOf(ArtifactIntegrityException.class);
    assertThat(Files.exists(work.resolve("never.bin"))).isFalse();
  }

  @Test
  void missingArtifactAndForeignUrisAreClear() {
    String missing = "s3://" + BUCKET + "/checkpoint/" + Sha256.hex(new byte[] {9});
    assertThat(store.exists(missing)).isFalse();
    assertThatThrownBy(() -> store.verify(missing)).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> store.open("s3://other/checkpoint/" + Sha256.hex(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in this store's bucket");
    assertThatThrownBy(() -> ArtifactUri.parse("s3://b/checkpoint/xyz"))
        .hasMessageContaining("64 lowercase hex");
  }

  @Test
  void configHidesCredentials() {
    S3Config config =
        S3Config.fromEnv(
            Map.of(
                S3Config.ENDPOINT_ENV, "http://h:9000",
                S3Config.ACCESS_KEY_ENV, "AKIA-visible?",
                S3Config.SECRET_KEY_ENV, "very-secret"));
    assertThat(config.bucket()).isEqualTo(S3Config.DEFAULT_BUCKET);
    assertThat(config.region()).isEqualTo(S3Config.DEFAULT_REGION);
    assertThat(config.toString()).doesNotContain("very-secret").doesNotContain("AKIA");
    assertThatThrownBy(() -> S3Config.fromEnv(Map.of()))
        .hasMessageContaining(S3Config.ENDPOINT_ENV);
  }

  private static ZonedDateTime lastModified(ArtifactRef ref) throws Exception {
    return raw.statObject(StatObjectArgs.builder().bucket(BUCKET).object(ref.key()).build())
        .lastModified();
  }

  private static List<String> keysUnder(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> item :
        raw.listObjects(
            ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix).recursive(true).build())) {
      keys.add(item.get().objectName());
    }
    return keys;
  }

  private static Path findObjectFile(String sha256) throws Exception {
    try (Stream<Path> files = Files.walk(server.dataDir())) {
      return files
          .filter(p -> p.getFileName().toString().equals(sha256) && Files.isRegularFile(p))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no file " + sha256 + " under " + server.dataDir()));
    }
  }
}
