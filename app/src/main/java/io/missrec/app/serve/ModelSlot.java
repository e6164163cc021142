package io.missrec.app.serve;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model one role of a server holds (the one answering, or the shadow compared with it), which a
 * {@link StageFollower} may swap while requests flow.
 */
public final class ModelSlot {
  private final AtomicReference<ServedModel> model;

  public ModelSlot(ServedModel model) {
    this.model = new AtomicReference<>(model);
  }

  /** The model held now. */
  public ServedModel current() {
    return model.get();
  }

  /**
   * Holds {@code next} from now on.
   *
   * @return the model it replaces, still scoring what was queued for it: the caller closes it
   */
  public ServedModel swap(ServedModel next) {
    return model.getAndSet(next);
  }
}
