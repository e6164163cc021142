package io.missrec.activities.artifact;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3 endpoint inside this JVM: S3Proxy over a directory (one sub-directory per bucket, one file
 * per object), with AWS v2/v4 signature checks. For the embedded stack and tests.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  private final S3Proxy proxy;
  private final Path dataDir;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3Server(S3Proxy proxy, Path dataDir, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.dataDir = dataDir;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts serving {@code dataDir} on 127.0.0.1.
   *
   * @param port 0 for a free port
   */
  public static EmbeddedS3Server start(Path dataDir, int port, String accessKey, String secretKey) {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot create S3 data directory " + dataDir, e);
    }
    Path absolute = dataDir.toAbsolutePath();
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(absolute.toString()))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            // Without this, stop() waits 30 s for idle client connections to close.
            .stopTimeout(0)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new ArtifactStoreException("cannot start embedded S3 on port " + port, e);
    }
    return new EmbeddedS3Server(proxy, absolute, accessKey, secretKey);
  }

  public int port() {
    return proxy.getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Client settings for {@code bucket} on this server. */
  public S3Config config(String bucket) {
    return new S3Config(endpoint(), S3Config.DEFAULT_REGION, accessKey, secretKey, bucket);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new ArtifactStoreException("cannot stop embedded S3 on port " + port(), e);
    }
  }
}
