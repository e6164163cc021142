package io.missrec.app.lineage;

import io.missrec.activities.artifact.ArtifactIntegrityException;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.artifact.ArtifactStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads every artifact of a {@link LineageGraph} from the artifact store and re-hashes it
 * against the sha256 in its URI and the size that lineage recorded. Source datasets are checked
 * through their snapshot artifacts, whose digest is the dataset's.
 */
public final class LineageVerifier {

  /** Outcome of one artifact. */
  public enum Status {
    OK,
    MISSING,
    MISMATCH,
    UNREADABLE
  }

  /** One artifact's check; {@code detail} says what is wrong, empty when OK. */
  public record Check(ArtifactRef artifact, Status status, String detail) {
    public boolean ok() {
      return status == Status.OK;
    }
  }

  private final ArtifactStore artifacts;

  public LineageVerifier(ArtifactStore artifacts) {
    this.artifacts = artifacts;
  }

  /** One check per artifact, in the graph's order. */
  public List<Check> verify(LineageGraph graph) {
    List<Check> checks = new ArrayList<>();
    graph
        .artifacts()
        .forEach(
            (uri, ref) ->
                checks.add(
                    uri.equals(ref.uri())
                        ? check(ref)
                        : new Check(
                            ref,
                            Status.MISMATCH,
                            "lineage records sha256 " + ref.sha256() + " for " + uri)));
    return checks;
  }

  Check check(ArtifactRef ref) {
    try {
      if (!artifacts.exists(ref.uri())) {
        return new Check(ref, Status.MISSING, "no object at " + ref.uri());
      }
      long size;
      // open() re-hashes while streaming and throws ArtifactIntegrityException at the end when
      // the content does not hash to the digest in the URI.
      try (InputStream in = artifacts.open(ref.uri())) {
        size = in.transferTo(OutputStream.nullOutputStream());
      }
      if (size != ref.sizeBytes()) {
        return new Check(
            ref, Status.MISMATCH, "size " + size + " bytes, lineage recorded " + ref.sizeBytes());
      }
      return new Check(ref, Status.OK, "");
    } catch (ArtifactIntegrityException e) {
      return new Check(ref, Status.MISMATCH, e.getMessage());
    } catch (ArtifactStoreException | IOException | IllegalArgumentException e) {
      return new Check(ref, Status.UNREADABLE, e.getMessage());
    }
  }
}
