package dev.tftune.head;

import java.nio.FloatBuffer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Per-feature z-scoring, {@code (x - mean) / std}, with the mean and the (population) standard
 * deviation of the training examples' features. A feature that does not vary keeps scale 1, so
 * it adds nothing rather than dividing by zero. The head applies it as graph constants, so an
 * export carries it and serving needs nothing else.
 */
public final class Standardization {
  private static final double MIN_STD = 1e-6;

  private final float[] mean;
  private final float[] std;

  private Standardization(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * The statistics of some rows of a {@code [examples, dim]} feature matrix, accumulated in
   * double precision (Welford's update, stable for large means).
   *
   * @param rows the examples to describe: the training split's, never the validation data's
   */
  public static Standardization of(FloatBuffer features, int dim, int[] rows) {
    double[] m = new double[dim];
    double[] s = new double[dim];
    float[] row = new float[dim];
    int n = 0;
    for (int r : rows) {
      features.get(r * dim, row, 0, dim);
      n++;
      for (int j = 0; j < dim; j++) {
        double d = row[j] - m[j];
        m[j] += d / n;
        s[j] += d * (row[j] - m[j]);
      }
    }
    float[] mean = new float[dim];
    float[] std = new float[dim];
    for (int j = 0; j < dim; j++) {
      mean[j] = (float) m[j];
      double sd = n > 0 ? Math.sqrt(s[j] / n) : 0;
      std[j] = sd < MIN_STD ? 1f : (float) sd;
    }
    return new Standardization(mean, std);
  }

  /** Each feature's mean over the training examples. */
  public float[] mean() {
    return mean.clone();
  }

  /** Each feature's standard deviation over the training examples (1 where it is 0). */
  public float[] std() {
    return std.clone();
  }

  /** The constants, created once in a head's scope and shared by every use. */
  Constants constants(Ops tf) {
    float[] inverse = new float[std.length];
    for (int j = 0; j < std.length; j++) {
      inverse[j] = 1f / std[j];
    }
    return new Constants(tf.withName("mean").constant(mean),
        tf.withName("inverse_std").constant(inverse));
  }

  /** The graph's copy of the statistics. */
  record Constants(Operand<TFloat32> mean, Operand<TFloat32> inverseStd) {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
      return tf.math.mul(tf.math.sub(x, mean), inverseStd);
    }
  }
}
