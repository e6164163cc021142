package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.Preconditions;
import io.missrec.model.torch.TorchOwned;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam whose state can be exported and restored, so that a run resumed from a checkpoint continues
 * exactly as if it had never stopped. The update is DJL 0.36's {@code Adam} operation for operation
 * (same defaults, same bias correction in double precision, same native {@code adamUpdate} call),
 * so training numbers are bit-identical to those of {@code Optimizer.adam()}.
 *
 * <p>DJL keys optimizer state by parameter id, a random UUID per process; this optimizer is built
 * for one block's parameters and keys its state by the parameter's name in that block, which a
 * fresh model loaded from a checkpoint shares. Moments {@code (same shape as the parameter)} live
 * in the parameter's manager outside any {@link NDScope}; {@link #close()} frees them.
 */
public final class ResumableAdam extends Optimizer implements AutoCloseable {

  private final ParameterTracker learningRateTracker;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final int beginNumUpdate;
  private final Map<String, String> nameById = new HashMap<>();
  private final Map<String, Parameter> byName = new LinkedHashMap<>();
  private final Map<String, Moments> moments = new HashMap<>();
  private int numUpdate;

  private static final class Moments {
    int steps;
    NDArray mean;
    NDArray variance;
  }

  private ResumableAdam(Builder builder, ParameterList parameters) {
    super(builder);
    this.learningRateTracker = builder.learningRateTracker;
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
    this.beginNumUpdate = builder.beginNumUpdate;
    for (Pair<String, Parameter> p : parameters) {
      if (byName.put(p.getKey(), p.getValue()) != null) {
        throw new IllegalArgumentException("two parameters named " + p.getKey());
      }
      nameById.put(p.getValue().getId(), p.getKey());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameById.get(parameterId);
    if (name == null) {
      throw new IllegalArgumentException(
          "parameter " + parameterId + " is not one of the block this optimizer was built for");
    }
    Moments m = moments.computeIfAbsent(name, k -> new Moments());
    // DJL's Optimizer.updateCount: per-parameter counts, bias correction from their running max
    m.steps = m.steps == 0 ? beginNumUpdate + 1 : m.steps + 1;
    numUpdate = Math.max(numUpdate, m.steps);
    int t = numUpdate;
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float lr = learningRateTracker.getNewValue(parameterId, t);
    float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
    float wd = getWeightDecay();
    Preconditions.checkArgument(
        !Float.isNaN(lrCorrected)
            && !Float.isNaN(wd)
            && !Float.isInfinite(lrCorrected)
            && !Float.isInfinite(wd),
        "learning rate or weight decay is nan or infinite");
    if (m.mean == null) {
      m.mean = persistent(weight.zerosLike());
      m.variance = persistent(weight.zerosLike());
    }
    NDList inputs = new NDList(weight, grad, m.mean, m.variance);
    NDList weights = new NDList(weight);
    weight
        .getNDArrayInternal()
        .adamUpdate(
            inputs,
            weights,
            lr,
            lrCorrected,
            wd,
            rescaleGrad,
            clipGrad,
            beta1,
            beta2,
            epsilon,
            true,
            false);
  }

  /** A copy of the state (steps and moments of every parameter updated so far), by name. */
  public AdamState state() {
    Map<String, AdamState.Entry> entries = new LinkedHashMap<>();
    for (String name : byName.keySet()) {
      Moments m = moments.get(name);
      if (m != null && m.mean != null) {
        entries.put(
            name,
            new AdamState.Entry(
                m.steps,
                m.mean.getShape().getShape(),
                m.mean.toFloatArray(),
                m.variance.toFloatArray()));
      }
    }
    return new AdamState(entries);
  }

  /**
   * Continues from {@code state} (exported from the same block's parameters, possibly in another
   * process). Parameters absent from it start fresh, as they would have.
   *
   * @throws IllegalStateException if this optimizer has already taken a step
   * @throws IllegalArgumentException naming the parameter, if the state has a parameter the block
   *     lacks or one of another shape
   */
  public void restore(AdamState state) {
    if (!moments.isEmpty()) {
      throw new IllegalStateException("restore the optimizer state before the first update");
    }
    state.checkFits(byName);
    for (Map.Entry<String, AdamState.Entry> e : state.entries().entrySet()) {
      NDArray weight = byName.get(e.getKey()).getArray();
      AdamState.Entry entry = e.getValue();
      Moments m = new Moments();
      m.steps = entry.steps();
      m.mean = persistent(copy(weight, entry.mean(), entry.shape()));
      m.variance = persistent(copy(weight, entry.variance(), entry.shape()));
      moments.put(e.getKey(), m);
      numUpdate = Math.max(numUpdate, m.steps);
    }
  }

  /** Frees the moments; the optimizer is unusable afterwards. */
  @Override
  public void close() {
    for (Moments m : moments.values()) {
      if (m.mean != null) {
        m.mean.close();
        m.variance.close();
      }
    }
    moments.clear();
  }

  /** Keeps an array out of whatever {@link NDScope} is open, as DJL's optimizers do. */
  private static NDArray persistent(NDArray array) {
    NDScope.unregister(array);
    return array;
  }

  private static NDArray copy(NDArray like, float[] values, long[] shape) {
    NDArray copy = TorchOwned.copyOf(like.getManager().create(values, new Shape(shape)));
    if (!copy.getDevice().equals(like.getDevice())) {
      NDArray moved = copy.toDevice(like.getDevice(), false);
      copy.close();
      return moved;
    }
    return copy;
  }

  /** Settings and defaults of DJL's {@code Adam.Builder}. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker learningRateTracker = Tracker.fixed(0.001f);
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;
    private int beginNumUpdate;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder optLearningRateTracker(ParameterTracker tracker) {
      this.learningRateTracker = tracker;
      return this;
    }

    public Builder optBeta1(float beta1) {
      this.beta1 = beta1;
      return this;
    }

    public Builder optBeta2(float beta2) {
      this.beta2 = beta2;
      return this;
    }

    public Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    @Override
    public Builder optBeginNumUpdate(int beginNumUpdate) {
      this.beginNumUpdate = beginNumUpdate;
      return super.optBeginNumUpdate(beginNumUpdate);
    }

    /**
     * @param parameters the block's parameters ({@code block.getParameters()}); their names key the
     *     exported state
     */
    public ResumableAdam build(ParameterList parameters) {
      return new ResumableAdam(this, parameters);
    }
  }
}
