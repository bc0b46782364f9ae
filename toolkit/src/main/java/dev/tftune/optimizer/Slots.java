package dev.tftune.optimizer;

import dev.tftune.graph.GraphVariable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/** Zero-initialized state variables (moments, accumulators) kept per trained variable. */
final class Slots {
  private final Ops tf;
  private final List<Op> initializers = new ArrayList<>();
  private final List<GraphVariable> variables = new ArrayList<>();
  private int count;

  Slots(Ops tf) {
    this.tf = tf;
  }

  /** A new slot shaped like {@code variable}; names are numbered since variable names hold '/'. */
  GraphVariable zerosLike(GraphVariable variable, String slotName) {
    GraphVariable.Created slot = GraphVariable.zeros(tf.withSubScope("slot" + count++),
        slotName, variable.shape());
    initializers.add(slot.init());
    variables.add(slot.variable());
    return slot.variable();
  }

  List<Op> initializers() {
    return initializers;
  }

  List<GraphVariable> variables() {
    return variables;
  }
}
