package dev.tftune.optimizer;

import dev.tftune.graph.GraphVariable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Plain gradient descent: {@code w -= lr * g}. */
final class Sgd extends PerVariableOptimizer {

  Sgd(float learningRate) {
    super(learningRate);
  }

  @Override
  public Optimizer withLearningRate(float rate) {
    return new Sgd(rate);
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  List<Op> update(Ops tf, GraphVariable variable, Operand<TFloat32> gradient,
      Operand<TFloat32> lr, Operand<TFloat32> step, Slots slots) {
    return List.of(variable.assignSub(tf, tf.math.mul(lr, gradient)));
  }

  @Override
  public String toString() {
    return "sgd(lr=" + learningRate() + ")";
  }
}
