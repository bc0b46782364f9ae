package dev.tftune.bench;

import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/** The machine's fp32 MatMul rate through the TensorFlow build in use: the yardstick. */
final class MatMulRate {
  private MatMulRate() {}

  /**
   * Median GFLOP/s of an n x n by n x n product, the operands kept in the graph so only the
   * product is timed.
   */
  static double gflops(int n, int repeats) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.variable(tf.random.randomUniform(tf.constant(Shape.of(n, n)),
          TFloat32.class, RandomUniform.seed(1L)));
      Operand<TFloat32> b = tf.variable(tf.random.randomUniform(tf.constant(Shape.of(n, n)),
          TFloat32.class, RandomUniform.seed(2L)));
      Operand<TFloat32> product = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      s.initialize();
      s.runner().fetch(product).run().close();
      double[] rates = new double[repeats];
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        s.runner().fetch(product).run().close();
        double secs = (System.nanoTime() - start) / 1e9;
        rates[i] = 2.0 * n * n * (double) n / secs / 1e9;
      }
      return median(rates);
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
