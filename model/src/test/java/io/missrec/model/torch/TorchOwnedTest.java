package io.missrec.model.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** In-place overwrites of parameters: exact values, same array, gradient still attached. */
class TorchOwnedTest {

  @Test
  void overwriteCopiesEveryBitAndTheParameterStillLearns() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.randomNormal(new Shape(3, 4));
      weight.setRequiresGradient(true);
      float[] values = {
        -0f, 0f, Float.MIN_VALUE, -1.5f, 3.25f, 1e-30f, -7e20f, 0.1f, 2f, -2f, 1f / 3, 9f
      };

      TorchOwned.overwrite(weight, values);

      float[] read = weight.toFloatArray();
      for (int i = 0; i < values.length; i++) {
        assertThat(Float.floatToRawIntBits(read[i]))
            .as("element %d", i)
            .isEqualTo(Float.floatToRawIntBits(values[i]));
      }
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(weight.mul(weight).sum());
      }
      float[] grad = weight.getGradient().toFloatArray();
      assertThat(grad[4]).isEqualTo(6.5f); // d(w^2)/dw = 2w
    }
  }

  /**
   * libtorch's grad mode is per thread and on by default: a worker's activity thread restores the
   * best epoch with it on, where a plain in-place write to a parameter is refused.
   */
  @Test
  void overwriteWorksOnAFreshThreadWhereGradModeIsOn() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.randomNormal(new Shape(2, 2));
      weight.setRequiresGradient(true);
      java.util.concurrent.atomic.AtomicReference<Throwable> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread worker =
          new Thread(
              () -> {
                try {
                  TorchOwned.overwrite(weight, new float[] {1, 2, 3, 4});
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      worker.start();
      worker.join();
      assertThat(failure.get()).isNull();
      assertThat(weight.toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
      assertThat(weight.hasGradient()).isTrue();
    }
  }

  @Test
  void overwriteFromAnotherArrayAndRefusalsNamingTheShapes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray target = manager.zeros(new Shape(2, 3));
      NDArray source = manager.arange(6f).reshape(2, 3);
      TorchOwned.overwrite(target, source);
      assertThat(target.toFloatArray()).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);

      assertThatThrownBy(() -> TorchOwned.overwrite(target, new float[5]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5 values")
          .hasMessageContaining("(2, 3)");
      assertThatThrownBy(() -> TorchOwned.overwrite(target, manager.zeros(new Shape(3, 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(3, 2)")
          .hasMessageContaining("(2, 3)");
    }
  }
}
