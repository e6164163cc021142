package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactIntegrityException;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactUri;
import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.workflows.activities.ActivityErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Moves artifacts between the store and the worker's disk: downloads (verified, cached by sha256
 * under {@code workDir/artifacts}), unpacks archives (under {@code workDir/unpacked}), uploads, and
 * converts between the store's references and the workflow payload's.
 */
final class LocalArtifacts {
  static final String ZIP = "application/zip";
  static final String JSON = "application/json";
  static final String FEATURES = "application/x-missrec-feature-table";
  static final String OPTIMIZER_STATE = "application/x-missrec-adam-state";
  static final String JSON_LINES = "application/x-ndjson";
  private static final String OCTETS = "application/octet-stream";

  private final ActivityContext ctx;

  LocalArtifacts(ActivityContext ctx) {
    this.ctx = ctx;
  }

  /** A fresh scratch folder under the work directory (the caller deletes it). */
  Path scratch(String prefix) {
    try {
      Path dir = ctx.workDir().resolve("tmp");
      Files.createDirectories(dir);
      return Files.createTempDirectory(dir, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create scratch folder in " + ctx.workDir(), e);
    }
  }

  /** The artifact's bytes on local disk, verified against the payload's sha256. */
  Path fetch(io.missrec.workflows.payload.ArtifactRef ref) {
    return fetch(ref.uri(), parse(ref), ref.sha256());
  }

  /**
   * The artifact at {@code uri} ({@code s3://<bucket>/<kind>/<sha256>}) on local disk, verified
   * against the digest in its key; for inputs named by URI alone, such as an encoder model.
   */
  Path fetch(String uri) {
    ArtifactUri parsed;
    try {
      parsed = ArtifactUri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput("artifact URI " + uri + ": " + e.getMessage());
    }
    if (!ctx.artifacts().exists(uri)) {
      throw ActivityErrors.invalidInput("artifact " + uri + " is not in the artifact store");
    }
    return fetch(uri, parsed, parsed.sha256());
  }

  private Path fetch(String uri, ArtifactUri parsed, String expectedSha256) {
    Path file = ctx.workDir().resolve("artifacts").resolve(parsed.sha256());
    if (!Files.exists(file)) {
      try {
        Files.createDirectories(file.getParent());
        ctx.artifacts().download(uri, file);
      } catch (ArtifactIntegrityException e) {
        throw ActivityErrors.digestMismatch(uri, expectedSha256, e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + file.getParent(), e);
      }
    }
    return file;
  }

  byte[] read(io.missrec.workflows.payload.ArtifactRef ref) {
    try {
      return Files.readAllBytes(fetch(ref));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local copy of " + ref.uri(), e);
    }
  }

  /** An archive artifact (dataset snapshot, checkpoint) extracted to a folder, cached by sha256. */
  Path unpacked(io.missrec.workflows.payload.ArtifactRef ref) {
    Path dir = ctx.workDir().resolve("unpacked").resolve(parse(ref).sha256());
    if (!Files.isDirectory(dir)) {
      try {
        DeterministicArchive.unpack(fetch(ref), dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot unpack " + ref.uri() + " into " + dir, e);
      }
    }
    return dir;
  }

  /** Packs {@code dir} deterministically and stores it. */
  ArtifactRef putFolder(ArtifactKind kind, Path dir) {
    Path zip = ctx.workDir().resolve("tmp").resolve(UUID.randomUUID() + ".zip");
    try {
      Files.createDirectories(zip.getParent());
      DeterministicArchive.pack(dir, zip);
      return ctx.artifacts().put(kind, zip, ZIP);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + dir, e);
    } finally {
      try {
        Files.deleteIfExists(zip);
      } catch (IOException ignored) {
        // scratch space; the folder is cleaned up with it
      }
    }
  }

  boolean exists(ArtifactRef ref) {
    return ctx.artifacts().exists(ref);
  }

  ArtifactRef putFile(ArtifactKind kind, Path file, String mediaType) {
    return ctx.artifacts().put(kind, file, mediaType);
  }

  ArtifactRef put(ArtifactKind kind, byte[] content, String mediaType) {
    return ctx.artifacts().put(kind, content, mediaType);
  }

  /** The store's reference of a payload reference (media type from lineage when recorded). */
  ArtifactRef storeRef(io.missrec.workflows.payload.ArtifactRef ref) {
    ArtifactUri uri = parse(ref);
    LineageStore lineage = ctx.lineage();
    return lineage
        .findArtifact(ref.uri())
        .orElseGet(
            () -> new ArtifactRef(uri.bucket(), uri.kind(), uri.sha256(), ref.sizeBytes(), OCTETS));
  }

  static io.missrec.workflows.payload.ArtifactRef toPayload(ArtifactRef ref) {
    return new io.missrec.workflows.payload.ArtifactRef(
        ref.uri(), ref.sha256(), ref.sizeBytes(), payloadKind(ref.kind()));
  }

  private static io.missrec.workflows.payload.ArtifactKind payloadKind(ArtifactKind kind) {
    return switch (kind) {
      case DATASET_SNAPSHOT -> io.missrec.workflows.payload.ArtifactKind.DATASET_SNAPSHOT;
      case FEATURE_TABLE -> io.missrec.workflows.payload.ArtifactKind.FEATURES;
      case AUGMENTATION_VIEWS -> io.missrec.workflows.payload.ArtifactKind.AUGMENTED_VIEWS;
      case INTEREST_ASSIGNMENTS -> io.missrec.workflows.payload.ArtifactKind.INTEREST_ASSIGNMENTS;
      case CHECKPOINT -> io.missrec.workflows.payload.ArtifactKind.CHECKPOINT;
      case OPTIMIZER_STATE -> io.missrec.workflows.payload.ArtifactKind.OPTIMIZER_STATE;
      case EVALUATION_REPORT -> io.missrec.workflows.payload.ArtifactKind.EVALUATION_REPORT;
      case RECOMMENDATIONS -> io.missrec.workflows.payload.ArtifactKind.RECOMMENDATIONS;
      default -> throw new IllegalArgumentException("no payload kind for " + kind);
    };
  }

  /** Checks that the URI names a stored artifact with the payload's sha256. */
  private static ArtifactUri parse(io.missrec.workflows.payload.ArtifactRef ref) {
    ArtifactUri uri;
    try {
      uri = ArtifactUri.parse(ref.uri());
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput("artifact reference " + ref.uri() + ": " + e.getMessage());
    }
    if (!uri.sha256().equals(ref.sha256())) {
      throw ActivityErrors.digestMismatch(ref.uri(), ref.sha256(), uri.sha256());
    }
    return uri;
  }
}
