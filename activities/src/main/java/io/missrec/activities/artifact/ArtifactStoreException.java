package io.missrec.activities.artifact;

/** Storing or fetching an artifact failed; the message names the object. */
public class ArtifactStoreException extends RuntimeException {
  public ArtifactStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public ArtifactStoreException(String message) {
    super(message);
  }
}
