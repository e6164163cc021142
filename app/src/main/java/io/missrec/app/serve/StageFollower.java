package io.missrec.app.serve;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server on the version a registry stage holds: at each check it asks which version that
 * is, and when it differs from the one served, loads it beside the one answering (on the catalogue
 * served now) and swaps them (requests already queued are scored by the old one, then it is
 * closed). A version that cannot be loaded leaves the served one answering: a refusal of the
 * checkpoint itself (another catalogue, other feature widths) is not tried again; anything else
 * (registry or S3 unreachable) is, at the next check. Checks run on the server's {@link Followers}
 * thread, one at a time.
 */
public final class StageFollower {
  private static final Logger LOG = LoggerFactory.getLogger(StageFollower.class);

  /** Where the stage's version comes from, and how one is loaded. */
  public interface VersionSource {
    /** The version the stage holds now, named as {@link ServedModel#name()} names it. */
    String current() throws Exception;

    /** That version, loaded on {@code catalogue} and ready to answer. */
    ServedModel load(String version, Catalogue catalogue) throws Exception;
  }

  private final ModelSlot slot;
  private final VersionSource source;
  private final Supplier<Catalogue> catalogue;
  private final Consumer<Boolean> loads;
  private final Set<String> refused = new HashSet<>();
  private String lastLookupFailure;

  /**
   * @param slot the model the stage's version replaces
   * @param catalogue the catalogue a new version is loaded on: the one answered over now
   * @param loads told of each load a stage move set off: whether it succeeded (metrics)
   */
  public StageFollower(
      ModelSlot slot,
      VersionSource source,
      Supplier<Catalogue> catalogue,
      Consumer<Boolean> loads) {
    this.slot = slot;
    this.source = source;
    this.catalogue = catalogue;
    this.loads = loads;
  }

  /** One check. */
  public void check() {
    String served = slot.current().name();
    String wanted;
    try {
      wanted = source.current();
      if (lastLookupFailure != null) {
        LOG.info("the stage can be read again: it holds {}", wanted);
        lastLookupFailure = null;
      }
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(lastLookupFailure)) {
        LOG.warn("cannot read the stage ({}); still serving {}", message, served);
        lastLookupFailure = message;
      }
      return;
    }
    if (wanted.equals(served) || refused.contains(wanted)) {
      return;
    }
    LOG.info("the stage now holds {}: loading it beside {}", wanted, served);
    ServedModel next;
    try {
      next = source.load(wanted, catalogue.get());
    } catch (Exception e) {
      loads.accept(false);
      boolean permanent = e instanceof IllegalArgumentException;
      if (permanent) {
        refused.add(wanted);
      }
      LOG.warn(
          "cannot serve {} ({}); still serving {}{}",
          wanted,
          e.getMessage(),
          served,
          permanent ? " (not tried again)" : " (tried again at the next check)");
      return;
    }
    ServedModel old = slot.swap(next);
    loads.accept(true);
    LOG.info("now serving {} (was {})", next.name(), old.name());
    Followers.closeQuietly(old);
  }
}
