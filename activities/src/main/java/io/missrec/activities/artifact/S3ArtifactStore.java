package io.missrec.activities.artifact;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ArtifactStore} on any S3 endpoint through the MinIO client. The sha256 is both the key and
 * a user metadata entry, so a stat tells whether content is already stored.
 */
public final class S3ArtifactStore implements ArtifactStore {
  /** User metadata key (sent as {@code x-amz-meta-sha256}). */
  public static final String SHA256_METADATA = "sha256";

  /** -1 lets the client choose the part size from the object size (multipart above 5 MiB). */
  private static final long AUTO_PART_SIZE = -1;

  private final MinioClient client;
  private final String bucket;

  private S3ArtifactStore(MinioClient client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /** Connects and creates the bucket if it does not exist yet. */
  public static S3ArtifactStore connect(S3Config config) {
    MinioClient client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .region(config.region())
            .credentials(config.accessKey(), config.secretKey())
            .build();
    S3ArtifactStore store = new S3ArtifactStore(client, config.bucket());
    store.ensureBucket(config.region());
    return store;
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public ArtifactRef put(ArtifactKind kind, Path file, String mediaType) {
    String sha256;
    long size;
    try {
      sha256 = Sha256.hex(file);
      size = Files.size(file);
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot read " + file + " to store it as " + kind.id(), e);
    }
    ArtifactRef ref = new ArtifactRef(bucket, kind, sha256, size, mediaType);
    return putIfAbsent(ref, () -> Files.newInputStream(file));
  }

  @Override
  public ArtifactRef put(ArtifactKind kind, byte[] content, String mediaType) {
    ArtifactRef ref = new ArtifactRef(bucket, kind, Sha256.hex(content), content.length, mediaType);
    return putIfAbsent(ref, () -> new ByteArrayInputStream(content));
  }

  @Override
  public InputStream open(String uri) {
    ArtifactUri target = parseOwn(uri);
    InputStream in =
        call(
            "get " + uri,
            () ->
                client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(target.key()).build()));
    return new VerifyingInputStream(in, uri, target.sha256());
  }

  @Override
  public Path download(String uri, Path target) {
    Path absolute = target.toAbsolutePath();
    Path partial = null;
    try {
      Files.createDirectories(absolute.getParent());
      // a partial file of its own: activities of one worker may fetch the same artifact at once
      partial =
          Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".partial");
      try (InputStream in = open(uri)) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      // content-addressed: a copy that landed first holds the same verified bytes
      return Files.move(
          partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot download " + uri + " to " + target, e);
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // Best effort: a stale .partial file only takes space.
        }
      }
    }
  }

  @Override
  public byte[] readAllBytes(String uri) {
    try (InputStream in = open(uri)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot read " + uri, e);
    }
  }

  @Override
  public boolean exists(String uri) {
    return stat(parseOwn(uri).key()).isPresent();
  }

  @Override
  public void remove(String uri) {
    String key = parseOwn(uri).key();
    // S3 answers a delete of an absent key with success, so a repeated prune is a no-op
    call(
        "remove " + uri,
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
          return null;
        });
  }

  @Override
  public void verify(String uri) {
    ArtifactUri target = parseOwn(uri);
    StatObjectResponse stat =
        stat(target.key())
            .orElseThrow(() -> new ArtifactStoreException("artifact " + uri + " does not exist"));
    String recorded = metadataSha256(stat);
    if (!target.sha256().equals(recorded)) {
      throw new ArtifactIntegrityException(
          "artifact " + uri + " carries sha256 metadata " + recorded + ", not its key's digest");
    }
    try (InputStream in = open(uri)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot read " + uri + " to verify it", e);
    }
  }

  private ArtifactRef putIfAbsent(ArtifactRef ref, ContentSource content) {
    Optional<StatObjectResponse> existing = stat(ref.key());
    if (existing.isPresent()) {
      StatObjectResponse stat = existing.get();
      if (!ref.sha256().equals(metadataSha256(stat)) || stat.size() != ref.sizeBytes()) {
        throw new ArtifactIntegrityException(
            "artifact "
                + ref.uri()
                + " exists with sha256 metadata "
                + metadataSha256(stat)
                + " and "
                + stat.size()
                + " bytes; refusing to overwrite a write-once object");
      }
      String storedType = stat.contentType() == null ? ref.mediaType() : stat.contentType();
      return new ArtifactRef(bucket, ref.kind(), ref.sha256(), stat.size(), storedType);
    }
    call(
        "put " + ref.uri(),
        () -> {
          try (InputStream in = content.open()) {
            return client.putObject(
                PutObjectArgs.builder().bucket(bucket).object(ref.key()).stream(
                        in, ref.sizeBytes(), AUTO_PART_SIZE)
                    .contentType(ref.mediaType())
                    .userMetadata(Map.of(SHA256_METADATA, ref.sha256()))
                    .build());
          }
        });
    return ref;
  }

  private Optional<StatObjectResponse> stat(String key) {
    try {
      return Optional.of(
          client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
        return Optional.empty();
      }
      throw new ArtifactStoreException("stat s3://" + bucket + "/" + key + ": " + code, e);
    } catch (Exception e) {
      throw new ArtifactStoreException("stat s3://" + bucket + "/" + key + " failed", e);
    }
  }

  private void ensureBucket(String region) {
    call(
        "create bucket " + bucket,
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
          }
          return null;
        });
  }

  private ArtifactUri parseOwn(String uri) {
    ArtifactUri parsed = ArtifactUri.parse(uri);
    if (!parsed.bucket().equals(bucket)) {
      throw new IllegalArgumentException(
          "artifact " + uri + " is not in this store's bucket " + bucket);
    }
    return parsed;
  }

  private static String metadataSha256(StatObjectResponse stat) {
    for (Map.Entry<String, String> entry : stat.userMetadata().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(SHA256_METADATA)
          || entry.getKey().equalsIgnoreCase("x-amz-meta-" + SHA256_METADATA)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static <T> T call(String what, S3Call<T> call) {
    try {
      return call.run();
    } catch (ErrorResponseException e) {
      throw new ArtifactStoreException(what + ": " + e.errorResponse().code(), e);
    } catch (Exception e) {
      throw new ArtifactStoreException(what + " failed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface S3Call<T> {
    T run() throws Exception;
  }

  @FunctionalInterface
  private interface ContentSource {
    InputStream open() throws IOException;
  }
}
