package io.missrec.activities.artifact;

/** An artifact's bytes do not hash to the digest in its name: it was corrupted or tampered. */
public class ArtifactIntegrityException extends ArtifactStoreException {
  public ArtifactIntegrityException(String uri, String expectedSha256, String actualSha256) {
    super(
        "artifact "
            + uri
            + " failed integrity check: expected sha256 "
            + expectedSha256
            + " but content hashes to "
            + actualSha256);
  }

  public ArtifactIntegrityException(String message) {
    super(message);
  }
}
