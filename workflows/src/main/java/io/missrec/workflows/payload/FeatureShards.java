package io.missrec.workflows.payload;

/** The feature shard size of a request. */
public final class FeatureShards {
  /** Items per shard when a request does not say (about 13 s of MiniLM on one core). */
  public static final int DEFAULT_SHARD_ITEMS = 2000;

  private FeatureShards() {}

  /** {@code requested}, or the default for 0; a negative size is refused. */
  static int shardItems(int requested) {
    if (requested < 0) {
      throw new IllegalArgumentException(
          "featureShardItems must be >= 1 (0 for the default), got " + requested);
    }
    return requested == 0 ? DEFAULT_SHARD_ITEMS : requested;
  }
}
