package io.missrec.activities.artifact;

/**
 * A parsed {@code s3://<bucket>/<kind>/<sha256>} URI: enough to fetch and verify an artifact when
 * only its URI travelled (e.g. in a workflow payload).
 */
public record ArtifactUri(String bucket, ArtifactKind kind, String sha256) {
  public ArtifactUri {
    Sha256.requireHex(sha256, "artifact sha256");
  }

  public static ArtifactUri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// artifact URI: " + uri);
    }
    String[] parts = uri.substring("s3://".length()).split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty()) {
      throw new IllegalArgumentException(
          "artifact URI must be s3://<bucket>/<kind>/<sha256>, got " + uri);
    }
    return new ArtifactUri(parts[0], ArtifactKind.fromId(parts[1]), parts[2]);
  }

  public static ArtifactUri of(ArtifactRef ref) {
    return new ArtifactUri(ref.bucket(), ref.kind(), ref.sha256());
  }

  public String key() {
    return kind.id() + "/" + sha256;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key();
  }
}
