package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.graph.BatchNormSwitch;
import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.VariableInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The moving-average updates of the BatchNorm layers that train in {@link BatchNormMode#UPDATE}:
 * {@code moving = momentum * moving + (1 - momentum) * batch}, for mean and variance.
 */
final class BatchNormUpdates {
  /** As Keras' BatchNormalization. */
  static final float MOMENTUM = 0.99f;

  private BatchNormUpdates() {}

  /**
   * Update ops for the switched BatchNorm layers whose scale (gamma) is among the trained
   * variables.
   *
   * @param statistics receives the moving-statistic variables the updates write
   *
   * @throws TftuneException when the model was loaded without the switch
   */
  static List<Op> build(Ops tf, BaseModel base, Set<String> trained,
      List<GraphVariable> statistics) {
    if (base.graph().operation(BatchNormSwitch.FLAG) == null) {
      throw new TftuneException("BatchNorm update mode needs the model loaded with its "
          + "BatchNorm switch", "load it with LoadOptions.defaults().withRewrite(new "
          + "BatchNormSwitch())");
    }
    Map<String, VariableInfo> variables = base.variables().stream()
        .collect(Collectors.toMap(VariableInfo::name, Function.identity()));
    // collect first: the updates add ops to the graph being iterated
    List<GraphOperation> switched = new ArrayList<>();
    Iterator<GraphOperation> ops = base.graph().operations();
    while (ops.hasNext()) {
      GraphOperation op = ops.next();
      if (op.name().endsWith(BatchNormSwitch.TRAINING)) {
        switched.add(op);
      }
    }
    List<Op> updates = new ArrayList<>();
    for (GraphOperation training : switched) {
      GraphOperation op = training;
      String layer = op.name().substring(0, op.name().length()
          - BatchNormSwitch.TRAINING.length());
      GraphOperation inference = (GraphOperation) base.graph()
          .operation(layer + BatchNormSwitch.INFERENCE);
      String gamma = variableOf(training.input(1));
      if (inference == null || gamma == null || !trained.contains(gamma)) {
        continue;
      }
      Ops scope = tf.withSubScope("update" + updates.size() / 2);
      updates.add(movingAverage(scope, base, variables, inference.input(3),
          training.output(1), statistics));
      updates.add(movingAverage(scope, base, variables, inference.input(4),
          training.output(2), statistics));
    }
    return updates;
  }

  @SuppressWarnings("unchecked")
  private static Op movingAverage(Ops tf, BaseModel base, Map<String, VariableInfo> variables,
      Output<?> movingInput, Output<?> batchStatistic, List<GraphVariable> statistics) {
    String name = variableOf(movingInput);
    VariableInfo info = name == null ? null : variables.get(name);
    if (info == null) {
      throw new TftuneException("cannot find the moving statistic behind "
          + movingInput.op().name(), "train this model with BatchNormMode.INFERENCE")
          .withFixKey(dev.tftune.FixKeys.BATCH_NORM_INFERENCE);
    }
    GraphVariable moving = info.in(base.graph());
    statistics.add(moving);
    Operand<TFloat32> m = tf.constant(MOMENTUM);
    Operand<TFloat32> next = tf.math.add(tf.math.mul(m, moving.read(tf)),
        tf.math.mul(tf.constant(1 - MOMENTUM), (Operand<TFloat32>) batchStatistic));
    return moving.assign(tf, next);
  }

  /** The variable op behind a tensor read through Identity / ReadVariableOp, or null. */
  private static String variableOf(Output<?> tensor) {
    GraphOperation op = (GraphOperation) tensor.op();
    while (op.type().equals("Identity") || op.type().equals("ReadVariableOp")) {
      op = (GraphOperation) op.input(0).op();
    }
    return VariableKind.isVariable(op.type()) ? op.name() : null;
  }
}
