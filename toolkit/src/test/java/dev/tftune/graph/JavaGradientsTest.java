package dev.tftune.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * The gradients tftune registers in Java agree with central finite differences of the forward
 * pass, computed in double from float32 graphs re-run with perturbed inputs.
 */
class JavaGradientsTest {
  private static final double EPSILON = 1e-2;
  private static final double TOLERANCE = 1e-2;

  @BeforeAll
  static void register() {
    JavaGradients.registerAll();
  }

  @Test
  void everyOpTypeTftuneNeedsCanBeDifferentiated() {
    for (String op : List.of("SparseSoftmaxCrossEntropyWithLogits", "ResourceGather",
        "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3")) {
      assertTrue(JavaGradients.hasGradient(op), op + " should have a gradient");
    }
  }

  @Test
  void sparseSoftmaxCrossEntropyGradientWithRespectToLogitsMatchesFiniteDifferences() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> logits = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(2, 3)));
      Operand<TFloat32> perExample = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits,
          tf.constant(new int[] {1, 2})).loss();
      // unequal example weights: the upstream gradient differs per example
      Operand<TFloat32> loss = tf.reduceSum(
          tf.math.mul(perExample, tf.constant(new float[] {0.7f, 1.9f})), tf.constant(0));
      Output<?>[] grad = g.addGradients("ssce_grad", new Output<?>[] {loss.asOutput()},
          new Output<?>[] {logits.asOutput()}, null);
      Inputs at = new Inputs().add(logits, new float[] {0.2f, -1.0f, 0.5f, 1.5f, 0.3f, -0.4f},
          2, 3);

      assertMatchesFiniteDifferences(s, loss, at, 0, fetch(s, grad[0], at));
    }
  }

  @Test
  void resourceGatherGradientIsDenseAndSumsTheGradientsOfRepeatedRows() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] table = {0.5f, -1.0f, 2.0f, 0.25f, -1.5f, 3.0f};
      GraphVariable.Created v = GraphVariable.create(tf, "table", table, 3, 2);
      Output<?> handle = v.variable().gradientTarget();
      Operand<TFloat32> gathered = tf.resourceGather(handle, tf.constant(new int[] {0, 2, 0}),
          TFloat32.class);
      float[] weights = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f};
      // loss = sum(c * gathered^2): the gradient of gathered row k is 2 c[k] table[idx[k]]
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(
          tf.constant(Shape.of(3, 2), DataBuffers.of(weights)), tf.math.square(gathered)),
          tf.constant(new int[] {0, 1}));
      Output<?>[] grad = g.addGradients("gather_grad", new Output<?>[] {loss.asOutput()},
          new Output<?>[] {handle}, null);
      s.runner().addTarget(v.init()).run().close();

      float[] actual;
      try (Result r = s.runner().fetch(grad[0]).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        assertEquals(Shape.of(3, 2), t.shape(), "a dense gradient shaped like the variable");
        actual = floats(t);
      }
      float[] expected = {
          2 * table[0] * (weights[0] + weights[4]), 2 * table[1] * (weights[1] + weights[5]),
          0, 0,
          2 * table[4] * weights[2], 2 * table[5] * weights[3]};
      assertArrayEquals(expected, actual, 1e-5f);
    }
  }

  @Test
  void resourceGatherGradientMatchesFiniteDifferencesOfTheVariable() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] table = {0.5f, -1.0f, 2.0f, 0.25f, -1.5f, 3.0f};
      GraphVariable.Created v = GraphVariable.create(tf, "table", table, 3, 2);
      Output<?> handle = v.variable().gradientTarget();
      Operand<TFloat32> gathered = tf.resourceGather(handle, tf.constant(new int[] {0, 2, 0}),
          TFloat32.class);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(
          tf.constant(Shape.of(3, 2), DataBuffers.of(1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f)),
          tf.math.square(gathered)), tf.constant(new int[] {0, 1}));
      Output<?>[] grad = g.addGradients("gather_fd_grad", new Output<?>[] {loss.asOutput()},
          new Output<?>[] {handle}, null);
      Placeholder<TFloat32> newValue = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(3, 2)));
      Operation assign = (Operation) tf.assignVariableOp(handle, newValue).op();
      s.runner().addTarget(v.init()).run().close();
      float[] analytic;
      try (Result r = s.runner().fetch(grad[0]).run()) {
        analytic = floats((TFloat32) r.get(0));
      }

      double[] numeric = new double[table.length];
      for (int i = 0; i < table.length; i++) {
        float[] plus = table.clone();
        plus[i] += (float) EPSILON;
        float[] minus = table.clone();
        minus[i] -= (float) EPSILON;
        numeric[i] = (lossAfterAssigning(s, assign, newValue, plus, loss)
            - lossAfterAssigning(s, assign, newValue, minus, loss)) / (plus[i] - minus[i]);
      }
      assertClose(numeric, analytic, "d loss / d table");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"FusedBatchNorm, NHWC", "FusedBatchNormV2, NHWC", "FusedBatchNormV3, NHWC",
      "FusedBatchNorm, NCHW", "FusedBatchNormV3, NCHW"})
  void inferenceBatchNormGradientsMatchFiniteDifferences(String opType, String dataFormat) {
    assertBatchNormGradientsMatchFiniteDifferences(opType, dataFormat, false);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"})
  void trainingBatchNormGradientsMatchFiniteDifferences(String opType) {
    assertBatchNormGradientsMatchFiniteDifferences(opType, "NHWC", true);
  }

  /**
   * Batch normalization of a fed x [2,2,1,3] (or [2,3,2,1] in NCHW) with fed scale and offset,
   * and in inference mode constant mean and variance; the loss weighs y^2 unevenly so that the
   * upstream gradient differs element by element.
   */
  private static void assertBatchNormGradientsMatchFiniteDifferences(String opType,
      String dataFormat, boolean training) {
    long[] xShape = dataFormat.equals("NHWC") ? new long[] {2, 2, 1, 3}
        : new long[] {2, 3, 2, 1};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(xShape)));
      Placeholder<TFloat32> scale = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(3)));
      Placeholder<TFloat32> offset = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(3)));
      // in training mode the op wants empty mean and variance
      Operand<TFloat32> mean = training ? tf.constant(new float[0])
          : tf.constant(new float[] {0.1f, -0.2f, 0.3f});
      Operand<TFloat32> variance = training ? tf.constant(new float[0])
          : tf.constant(new float[] {0.5f, 2.0f, 1.5f});
      Scope scope = tf.scope().withName("bn");
      var builder = scope.env().opBuilder(opType, scope.makeOpName(opType), scope)
          .addInput(x.asOutput()).addInput(scale.asOutput()).addInput(offset.asOutput())
          .addInput(mean.asOutput()).addInput(variance.asOutput())
          .setAttr("T", DataType.DT_FLOAT).setAttr("epsilon", 1e-3f)
          .setAttr("data_format", dataFormat).setAttr("is_training", training);
      if (!opType.equals("FusedBatchNorm")) {
        builder.setAttr("U", DataType.DT_FLOAT);
      }
      Operation bn = builder.build();
      @SuppressWarnings("unchecked")
      Output<TFloat32> y = (Output<TFloat32>) (Output<?>) bn.output(0);
      float[] weights = new float[12];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = 0.5f + 0.25f * i * (i % 2 == 0 ? 1 : -1);
      }
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(
          tf.constant(Shape.of(xShape), DataBuffers.of(weights)), tf.math.square(y)),
          tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grads = g.addGradients("bn_grad", new Output<?>[] {loss.asOutput()},
          new Output<?>[] {x.asOutput(), scale.asOutput(), offset.asOutput()}, null);
      Inputs at = new Inputs()
          .add(x, new float[] {0.3f, -1.2f, 0.8f, 1.1f, 0.4f, -0.6f, -0.9f, 2.0f, 0.1f, 0.5f,
              -0.3f, 1.4f}, xShape)
          .add(scale, new float[] {1.5f, 0.7f, -0.8f}, 3)
          .add(offset, new float[] {0.2f, -0.5f, 0.9f}, 3);

      assertMatchesFiniteDifferences(s, loss, at, 0, fetch(s, grads[0], at));
      assertMatchesFiniteDifferences(s, loss, at, 1, fetch(s, grads[1], at));
      assertMatchesFiniteDifferences(s, loss, at, 2, fetch(s, grads[2], at));
    }
  }

  /** Placeholders and the values fed to them. */
  private static final class Inputs {
    final List<Placeholder<TFloat32>> placeholders = new ArrayList<>();
    final List<float[]> values = new ArrayList<>();
    final List<long[]> shapes = new ArrayList<>();

    Inputs add(Placeholder<TFloat32> p, float[] value, long... shape) {
      placeholders.add(p);
      values.add(value);
      shapes.add(shape);
      return this;
    }

    Inputs with(int input, float[] value) {
      Inputs copy = new Inputs();
      for (int i = 0; i < placeholders.size(); i++) {
        copy.add(placeholders.get(i), i == input ? value : values.get(i), shapes.get(i));
      }
      return copy;
    }
  }

  private static float[] fetch(Session s, Output<?> tensor, Inputs inputs) {
    List<TFloat32> fed = new ArrayList<>();
    try {
      Session.Runner runner = s.runner();
      for (int i = 0; i < inputs.placeholders.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(inputs.shapes.get(i)),
            DataBuffers.of(inputs.values.get(i)));
        fed.add(t);
        runner.feed(inputs.placeholders.get(i), t);
      }
      try (Result r = runner.fetch(tensor).run()) {
        return floats((TFloat32) r.get(0));
      }
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  /** Checks {@code analytic} against central differences of {@code loss} in one input. */
  private static void assertMatchesFiniteDifferences(Session s, Operand<TFloat32> loss,
      Inputs at, int input, float[] analytic) {
    float[] base = at.values.get(input);
    assertEquals(base.length, analytic.length, "gradient size of input " + input);
    double[] numeric = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      float[] plus = base.clone();
      plus[i] += (float) EPSILON;
      float[] minus = base.clone();
      minus[i] -= (float) EPSILON;
      double up = fetch(s, loss.asOutput(), at.with(input, plus))[0];
      double down = fetch(s, loss.asOutput(), at.with(input, minus))[0];
      numeric[i] = (up - down) / ((double) plus[i] - minus[i]);
    }
    assertClose(numeric, analytic, "d loss / d input " + input);
  }

  private static double lossAfterAssigning(Session s, Operation assign,
      Placeholder<TFloat32> value, float[] values, Operand<TFloat32> loss) {
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(3, 2), DataBuffers.of(values))) {
      s.runner().feed(value, t).addTarget(assign).run().close();
    }
    try (Result r = s.runner().fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static float[] floats(TFloat32 t) {
    float[] out = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      double tolerance = TOLERANCE * Math.max(1, Math.abs(expected[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + " element " + i
          + ": finite differences " + expected[i] + ", gradient " + actual[i]);
    }
  }
}
