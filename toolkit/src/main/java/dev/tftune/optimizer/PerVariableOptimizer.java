package dev.tftune.optimizer;

import dev.tftune.ConfigurationException;
import dev.tftune.graph.GraphVariable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** An optimizer whose update of each variable depends only on that variable's state. */
abstract class PerVariableOptimizer implements Optimizer {
  private final float learningRate;

  PerVariableOptimizer(float learningRate) {
    if (!(learningRate > 0)) {
      throw new ConfigurationException("a learning rate of " + learningRate,
          "use a positive learning rate such as 1e-3");
    }
    this.learningRate = learningRate;
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public Update build(Ops tf, List<GraphVariable> variables, List<Operand<TFloat32>> gradients,
      Operand<TFloat32> lr, Operand<TFloat32> step) {
    Slots slots = new Slots(tf.withSubScope("slots"));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Ops varScope = tf.withSubScope("update" + i);
      updates.addAll(update(varScope, variables.get(i), gradients.get(i), lr, step, slots));
    }
    Op apply = tf.withControlDependencies(updates).noOp();
    return new Update(apply, slots.initializers(), slots.variables());
  }

  /** The assignments of one step for one variable. */
  abstract List<Op> update(Ops tf, GraphVariable variable, Operand<TFloat32> gradient,
      Operand<TFloat32> lr, Operand<TFloat32> step, Slots slots);

  static Operand<TFloat32> scalar(Ops tf, float value) {
    return tf.constant(value);
  }
}
