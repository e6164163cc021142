package io.missrec.model.interest;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RunKernel} on the Vector API: a vector of distances is compared with the bracket at once,
 * the count and sum below it need no branch, and only vectors holding a distance to keep or a new
 * near neighbour (a few percent of the distances) go lane by lane. Same floats as {@link
 * ScalarRuns} (same operations in the same order per distance); sums are taken in another order.
 * Loaded only where the JVM resolves {@code jdk.incubator.vector} ({@link RunKernels#best}).
 */
final class VectorRuns implements RunKernel {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private final ScalarRuns tail = new ScalarRuns();

  @Override
  public void absorb(
      SymmetricDensity pass,
      int row,
      float[] products,
      int from,
      int to,
      int first,
      float[] scratch) {
    float[] norms = pass.norms;
    float rowLo = pass.lo[row];
    float rowHi = pass.hi[row];
    float rowNorm = norms[row];
    float farthest = pass.farthestNear[row];
    float[] values = pass.kept[row];
    int n = pass.keptCount[row];
    int lanes = SPECIES.length();
    int loBits = rowLo == Float.NEGATIVE_INFINITY ? 0 : Float.floatToRawIntBits(rowLo);
    int hiBits = Float.floatToRawIntBits(rowHi);
    int bound = from + SPECIES.loopBound(to - from);
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector sum = zero;
    int count = 0;
    for (int c = from; c < bound; c += lanes) {
      // (p + ||x_row||^2) + ||x_j||^2, clamped at 0: RowNeighbours.distance per lane (NaN stays)
      FloatVector v =
          FloatVector.fromArray(SPECIES, products, c)
              .add(rowNorm)
              .add(FloatVector.fromArray(SPECIES, norms, first + c))
              .max(0f);
      VectorMask<Float> below = v.lt(rowLo);
      count += below.trueCount();
      sum = sum.add(zero.blend(v, below)); // a masked add is slower on JDK 17
      VectorMask<Float> keep = v.compare(VectorOperators.LE, rowHi).andNot(below);
      VectorMask<Float> near = v.lt(farthest);
      if (keep.or(near).anyTrue()) {
        // lane by lane from here: VectorMask.toLong is not a compiler intrinsic on JDK 17
        v.intoArray(scratch, 0);
        values = SymmetricDensity.room(values, n, lanes);
        for (int lane = 0; lane < lanes; lane++) {
          float d = scratch[lane];
          int bits = Float.floatToRawIntBits(d); // d >= +0 or NaN: int order is float order
          values[n] = d;
          n += (((bits - loBits) >>> 31) ^ 1) & (((hiBits - bits) >>> 31) ^ 1);
          if (d < farthest) {
            farthest = pass.near(row, d, first + c + lane);
          }
        }
      }
    }
    pass.below[row] += count;
    pass.sumBelow[row] += sum.reduceLanes(VectorOperators.ADD);
    pass.kept[row] = values;
    pass.keptCount[row] = n;
    pass.farthestNear[row] = farthest;
    if (bound < to) {
      tail.absorb(pass, row, products, bound, to, first, scratch);
    }
  }

  @Override
  public int scratchLength() {
    return SPECIES.length();
  }
}
