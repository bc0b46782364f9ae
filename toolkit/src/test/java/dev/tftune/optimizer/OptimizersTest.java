package dev.tftune.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.VariableInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Each optimizer's update op, run for three steps on ref and resource variables alike, moves
 * the variables exactly as the update rule TensorFlow documents, computed here independently in
 * double arithmetic.
 */
class OptimizersTest {
  private static final int STEPS = 3;
  private static final double RELATIVE_TOLERANCE = 1e-6;
  /** A different learning rate each step, so that a rate baked into the graph shows. */
  private static final float[] LEARNING_RATES = {0.1f, 0.05f, 0.02f};

  private static final String KERNEL = "model/kernel";
  private static final String BIAS = "model/bias";
  private static final float[] KERNEL_INITIAL = {0.5f, -1.25f, 2f, 3.5f};
  private static final float[] KERNEL_GRADIENT = {0.1f, -0.3f, 0.7f, -2.5f};
  private static final float[] BIAS_INITIAL = {0.75f, -1.5f};
  private static final float[] BIAS_GRADIENT = {-0.2f, 0.4f};

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void sgdSubtractsLearningRateTimesGradient(VariableKind kind) {
    double[][] actual = train(Optimizers.sgd(0.1f), kind, KERNEL)[0];
    double[] w = doubles(KERNEL_INITIAL);
    double[] g = doubles(KERNEL_GRADIENT);
    for (int t = 1; t <= STEPS; t++) {
      double lr = LEARNING_RATES[t - 1];
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
      }
      assertClose(w, actual[t - 1], "sgd step " + t);
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void momentumAccumulatesGradientsAndStepsAlongTheAccumulator(VariableKind kind) {
    float mu = 0.9f;
    double[][] actual = train(Optimizers.momentum(0.1f, mu, false), kind, KERNEL)[0];
    double[] w = doubles(KERNEL_INITIAL);
    double[] g = doubles(KERNEL_GRADIENT);
    double[] a = new double[w.length];
    for (int t = 1; t <= STEPS; t++) {
      double lr = LEARNING_RATES[t - 1];
      for (int i = 0; i < w.length; i++) {
        a[i] = mu * a[i] + g[i];
        w[i] -= lr * a[i];
      }
      assertClose(w, actual[t - 1], "momentum step " + t);
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void nesterovMomentumStepsAlongGradientPlusMomentumTimesAccumulator(VariableKind kind) {
    float mu = 0.8f;
    double[][] actual = train(Optimizers.momentum(0.1f, mu, true), kind, KERNEL)[0];
    double[] w = doubles(KERNEL_INITIAL);
    double[] g = doubles(KERNEL_GRADIENT);
    double[] a = new double[w.length];
    for (int t = 1; t <= STEPS; t++) {
      double lr = LEARNING_RATES[t - 1];
      for (int i = 0; i < w.length; i++) {
        a[i] = mu * a[i] + g[i];
        w[i] -= lr * (g[i] + mu * a[i]);
      }
      assertClose(w, actual[t - 1], "nesterov step " + t);
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void adamTakesBiasCorrectedMomentSteps(VariableKind kind) {
    float b1 = 0.8f;
    float b2 = 0.95f;
    float eps = 1e-3f;
    double[][] actual = train(Optimizers.adam(0.1f, b1, b2, eps), kind, KERNEL)[0];
    double[][] expected = adamReference(KERNEL_INITIAL, KERNEL_GRADIENT, b1, b2, eps, 0);
    for (int t = 1; t <= STEPS; t++) {
      assertClose(expected[t - 1], actual[t - 1], "adam step " + t);
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void adamWDecaysByLearningRateTimesDecayOfTheValueBeforeTheStep(VariableKind kind) {
    float decay = 0.5f;
    double[][] actual = train(Optimizers.adamW(0.1f, decay, List.of("(?i)bias")), kind,
        KERNEL, BIAS)[0];
    double[][] expected = adamReference(KERNEL_INITIAL, KERNEL_GRADIENT, 0.9f, 0.999f, 1e-7f,
        decay);
    for (int t = 1; t <= STEPS; t++) {
      assertClose(expected[t - 1], actual[t - 1], "adamw kernel step " + t);
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void adamWLeavesVariablesMatchingANoDecayPatternToPlainAdam(VariableKind kind) {
    double[][] actual = train(Optimizers.adamW(0.1f, 0.5f, List.of("(?i)bias")), kind,
        KERNEL, BIAS)[1];
    double[][] expected = adamReference(BIAS_INITIAL, BIAS_GRADIENT, 0.9f, 0.999f, 1e-7f, 0);
    for (int t = 1; t <= STEPS; t++) {
      assertClose(expected[t - 1], actual[t - 1], "adamw bias step " + t);
    }
  }

  /**
   * Adam as TensorFlow's ApplyAdam documents it, with AdamW's decoupled decay
   * {@code w -= lr * wd * w} on the value before the step.
   *
   * @return the variable after each step
   */
  private static double[][] adamReference(float[] initial, float[] gradient, float beta1,
      float beta2, float epsilon, float weightDecay) {
    double b1 = beta1;
    double b2 = beta2;
    double[] w = doubles(initial);
    double[] g = doubles(gradient);
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    double[][] out = new double[STEPS][];
    for (int t = 1; t <= STEPS; t++) {
      double lr = LEARNING_RATES[t - 1];
      double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      for (int i = 0; i < w.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double before = w[i];
        w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + epsilon);
        w[i] -= lr * (double) weightDecay * before;
      }
      out[t - 1] = w.clone();
    }
    return out;
  }

  /**
   * Builds variables named {@code names} (of {@link #KERNEL} and {@link #BIAS}) held as
   * {@code kind}, feeds their fixed gradients, the learning rates and steps 1..3, and returns
   * the value of each variable after each step: {@code [variable][step][element]}.
   */
  private static double[][][] train(Optimizer optimizer, VariableKind kind,
      String... names) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<GraphVariable> variables = new ArrayList<>();
      List<Op> inits = new ArrayList<>();
      List<Operand<TFloat32>> gradients = new ArrayList<>();
      List<float[]> gradientValues = new ArrayList<>();
      Ops model = tf.withSubScope("model");
      for (String name : names) {
        float[] initial = name.equals(KERNEL) ? KERNEL_INITIAL : BIAS_INITIAL;
        variables.add(variable(graph, model, name, initial, kind, inits));
        gradients.add(tf.placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(initial.length))));
        gradientValues.add(name.equals(KERNEL) ? KERNEL_GRADIENT : BIAS_GRADIENT);
      }
      Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TFloat32> step = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.scalar()));
      Optimizer.Update update = optimizer.build(tf.withSubScope("optimizer"), variables,
          gradients, lr, step);
      List<Operand<TFloat32>> reads = variables.stream().map(v -> v.read(tf)).toList();

      Session.Runner init = session.runner();
      inits.forEach(init::addTarget);
      init.run().close();
      if (!update.slotInitializers().isEmpty()) {
        Session.Runner slots = session.runner();
        update.slotInitializers().forEach(slots::addTarget);
        slots.run().close();
      }

      double[][][] values = new double[names.length][STEPS][];
      for (int t = 1; t <= STEPS; t++) {
        List<TFloat32> feeds = new ArrayList<>();
        try {
          Session.Runner run = session.runner().addTarget(update.apply());
          for (int i = 0; i < gradients.size(); i++) {
            TFloat32 g = TFloat32.vectorOf(gradientValues.get(i));
            feeds.add(g);
            run.feed(gradients.get(i), g);
          }
          TFloat32 lrValue = TFloat32.scalarOf(LEARNING_RATES[t - 1]);
          feeds.add(lrValue);
          TFloat32 stepValue = TFloat32.scalarOf(t);
          feeds.add(stepValue);
          run.feed(lr, lrValue).feed(step, stepValue).run().close();
        } finally {
          feeds.forEach(TFloat32::close);
        }
        Session.Runner fetch = session.runner();
        reads.forEach(fetch::fetch);
        try (Result result = fetch.run()) {
          for (int i = 0; i < names.length; i++) {
            TFloat32 value = (TFloat32) result.get(i);
            double[] out = new double[(int) value.size()];
            for (int j = 0; j < out.length; j++) {
              out[j] = value.getFloat(j);
            }
            values[i][t - 1] = out;
          }
        }
      }
      return values;
    }
  }

  /** A variable named {@code name} in the {@code model} scope of {@code scoped}. */
  private static GraphVariable variable(Graph graph, Ops scoped, String name, float[] initial,
      VariableKind kind, List<Op> inits) {
    String base = name.substring(name.indexOf('/') + 1);
    if (kind == VariableKind.RESOURCE) {
      GraphVariable.Created created = GraphVariable.create(scoped, base, initial, initial.length);
      inits.add(created.init());
      assertEquals(name, created.variable().name());
      return created.variable();
    }
    Variable<TFloat32> ref = scoped.withName(base).variable(Shape.of(initial.length),
        TFloat32.class);
    Ops init = scoped.withSubScope(base + "_init");
    inits.add(init.assign(ref, init.constant(Shape.of(initial.length), DataBuffers.of(initial))));
    return new VariableInfo(name, new long[] {initial.length}, "float32", VariableKind.REF)
        .in(graph);
  }

  private static double[] doubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    for (int i = 0; i < expected.length; i++) {
      double tolerance = RELATIVE_TOLERANCE * Math.max(Math.abs(expected[i]), 1e-3);
      assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + " element " + i
          + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }
}
