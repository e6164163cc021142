package io.missrec.activities.lineage;

import java.util.Optional;

/**
 * Decides whether a model version may move to a stage. Runs inside the transition's transaction,
 * while the name's registry lock is held, so what it reads cannot change before the move.
 */
@FunctionalInterface
public interface StageGuard {
  /** Accepts every transition. */
  StageGuard NONE = (version, production, target) -> {};

  /**
   * @param version the version to move, as stored now
   * @param production the name's current production version, if any (may be {@code version})
   * @param target the stage asked for
   * @throws RuntimeException to refuse; the transaction rolls back and the exception propagates
   */
  void check(ModelVersion version, Optional<ModelVersion> production, ModelStage target);
}
