package io.missrec.model.interest;

/** Chooses the {@link RunKernel}: SIMD where the JVM has the Vector API, else the scalar loop. */
final class RunKernels {

  /** System property that turns the Vector API kernel off ({@code false}); on by default. */
  static final String VECTOR_PROPERTY = "missrec.dpc.vector";

  private static final RunKernel BEST = choose();

  private RunKernels() {}

  /** The kernel for this JVM: {@link VectorRuns} when {@code jdk.incubator.vector} resolved. */
  static RunKernel best() {
    return BEST;
  }

  static RunKernel scalar() {
    return new ScalarRuns();
  }

  /** The Vector API kernel, or empty where this JVM was started without the module. */
  static java.util.Optional<RunKernel> vector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      // by name, so that JVMs without the module never link VectorRuns
      return java.util.Optional.of(
          (RunKernel)
              Class.forName(RunKernels.class.getPackageName() + ".VectorRuns")
                  .getDeclaredConstructor()
                  .newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      return java.util.Optional.empty();
    }
  }

  private static RunKernel choose() {
    if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) {
      return scalar();
    }
    return vector().orElseGet(RunKernels::scalar);
  }
}
