package dev.tftune.optimizer;

import dev.tftune.ConfigurationException;
import dev.tftune.graph.GraphVariable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Momentum as TensorFlow's {@code ApplyMomentum}: {@code a = mu * a + g}, then
 * {@code w -= lr * a}, or with Nesterov {@code w -= lr * (g + mu * a)}.
 */
final class Momentum extends PerVariableOptimizer {
  private final float momentum;
  private final boolean nesterov;

  Momentum(float learningRate, float momentum, boolean nesterov) {
    super(learningRate);
    if (momentum < 0 || momentum >= 1) {
      throw new ConfigurationException("a momentum of " + momentum,
          "use a momentum in [0, 1)");
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  @Override
  public Optimizer withLearningRate(float rate) {
    return new Momentum(rate, momentum, nesterov);
  }

  @Override
  public String name() {
    return "momentum";
  }

  @Override
  List<Op> update(Ops tf, GraphVariable variable, Operand<TFloat32> g, Operand<TFloat32> lr,
      Operand<TFloat32> step, Slots slots) {
    GraphVariable accum = slots.zerosLike(variable, "momentum");
    Operand<TFloat32> mu = scalar(tf, momentum);
    Operand<TFloat32> a = tf.math.add(tf.math.mul(mu, accum.read(tf)), g);
    Operand<TFloat32> direction = nesterov ? tf.math.add(g, tf.math.mul(mu, a)) : a;
    return List.of(accum.assign(tf, a), variable.assignSub(tf, tf.math.mul(lr, direction)));
  }

  @Override
  public String toString() {
    return "momentum(lr=" + learningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov
        + ")";
  }
}
