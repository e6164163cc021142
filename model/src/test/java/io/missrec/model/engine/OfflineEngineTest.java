package io.missrec.model.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Proves libtorch loads from the pytorch-native-cpu jar with DJL's offline switch on. */
class OfflineEngineTest {

  @Test
  void pytorchEngineLoadsFromClasspathWithoutNetwork() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    Engine engine = Engine.getEngine("PyTorch");
    assertThat(engine.getVersion()).isEqualTo("2.7.1");
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
      assertThat(a.matMul(a).toFloatArray()).containsExactly(7f, 10f, 15f, 22f);
    }
  }
}
