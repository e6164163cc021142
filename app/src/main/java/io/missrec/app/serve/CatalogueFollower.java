package io.missrec.app.serve;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server on the newest reading of its dataset, so that items added to it are recommended
 * (and may be sent in histories) without a restart or a retraining: an inductive model scores any
 * item from its features. At each check it compares the dataset's fingerprint with the served
 * catalogue's; when they differ it reads the dataset again, reopens the served model (and the
 * shadow) on it beside the ones answering, and swaps them. A reading that fails (a file half
 * written, a bad row) or a model that cannot score it (a transductive model's item IDs are fixed at
 * training) leaves everything as it is, is logged once, and is tried again when the files change
 * again.
 */
public final class CatalogueFollower {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueFollower.class);

  /** Where the catalogue comes from. */
  public interface CatalogueSource {
    /** What identifies the dataset's files as they are now; cheap (no content read). */
    String fingerprint() throws Exception;

    /** The dataset read again, as a catalogue with that fingerprint. */
    Catalogue read(String fingerprint) throws Exception;
  }

  private final CatalogueSource source;
  private final ModelSlot served;
  private final ModelSlot shadow;
  private final Consumer<Boolean> loads;
  private String refused;
  private String lastFingerprintFailure;

  /**
   * @param shadow the shadow's slot, or null
   * @param loads told of each reading a change set off: whether it is served now (metrics)
   */
  public CatalogueFollower(
      CatalogueSource source, ModelSlot served, ModelSlot shadow, Consumer<Boolean> loads) {
    this.source = source;
    this.served = served;
    this.shadow = shadow;
    this.loads = loads;
  }

  /** One check. */
  public void check() {
    Catalogue current = served.current().catalogue();
    String fingerprint;
    try {
      fingerprint = source.fingerprint();
      lastFingerprintFailure = null;
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(lastFingerprintFailure)) {
        LOG.warn(
            "cannot look at the dataset ({}); still serving {} items", message, current.items());
        lastFingerprintFailure = message;
      }
      return;
    }
    if (fingerprint.equals(current.fingerprint()) || fingerprint.equals(refused)) {
      return;
    }
    LOG.info("the dataset changed: reading it again beside the {} items served", current.items());
    Catalogue next;
    try {
      next = source.read(fingerprint);
    } catch (Exception e) {
      // the files as they are cannot be read: a half-written file is tried again once it changes
      refuse(fingerprint, current, e, true);
      return;
    }
    ServedModel nextServed;
    try {
      nextServed = served.current().reopen(next);
    } catch (Exception e) {
      // the checkpoint cannot score these items (IllegalArgumentException) for good; a registry
      // or S3 out of reach may answer at the next check
      refuse(fingerprint, current, e, e instanceof IllegalArgumentException);
      return;
    }
    ServedModel nextShadow = null;
    if (shadow != null) {
      try {
        nextShadow = shadow.current().reopen(next);
      } catch (Exception e) {
        LOG.warn(
            "the shadow {} cannot score the changed dataset ({}); requests are not compared"
                + " until it can",
            shadow.current().name(),
            e.getMessage());
      }
    }
    ServedModel old = served.swap(nextServed);
    ServedModel oldShadow = nextShadow == null ? null : shadow.swap(nextShadow);
    loads.accept(true);
    LOG.info(
        "now serving {} items and {} users of {} with {} (was {} items)",
        next.items(),
        next.users(),
        next.domain().name(),
        nextServed.name(),
        current.items());
    Followers.closeQuietly(old);
    if (oldShadow != null) {
      Followers.closeQuietly(oldShadow);
    }
  }

  private void refuse(String fingerprint, Catalogue current, Exception e, boolean untilChanged) {
    loads.accept(false);
    if (untilChanged) {
      refused = fingerprint;
    }
    LOG.warn(
        "cannot serve the changed dataset ({}); still serving its {} items as they were ({})",
        e.getMessage(),
        current.items(),
        untilChanged ? "tried again when its files change again" : "tried again at the next check");
  }
}
