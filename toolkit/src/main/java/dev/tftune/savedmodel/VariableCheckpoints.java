package dev.tftune.savedmodel;

import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.Graphs;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Saves and restores a fixed set of float variables of a live session as TensorFlow checkpoints
 * (SaveV2 / RestoreV2, keyed by the variables' op names), again and again: the ops are added
 * to the graph once, with the checkpoint prefix fed on each call, so checkpointing every few
 * steps does not grow the graph.
 */
public final class VariableCheckpoints {
  private final Session session;
  private final Placeholder<TString> prefix;
  private final Op save;
  private final List<Op> restore = new ArrayList<>();

  private VariableCheckpoints(Session session, List<GraphVariable> variables) {
    this.session = session;
    Graph graph = session.graph();
    Ops tf = Ops.create(graph).withSubScope(Graphs.uniqueScope(graph, "tftune_checkpoint"));
    prefix = tf.placeholder(TString.class);
    String[] names = variables.stream().map(GraphVariable::name).toArray(String[]::new);
    Operand<TString> keys = tf.constant(NdArrays.vectorOfObjects(names));
    Operand<TString> slices = tf.constant(NdArrays.vectorOfObjects(
        variables.stream().map(v -> "").toArray(String[]::new)));
    List<Operand<?>> values = new ArrayList<>();
    variables.forEach(v -> values.add(v.read(tf)));
    save = tf.train.save(prefix, keys, slices, values);
    List<Class<? extends org.tensorflow.types.family.TType>> types = new ArrayList<>();
    variables.forEach(v -> types.add(TFloat32.class));
    Restore read = tf.train.restore(prefix, keys, slices, types);
    for (int i = 0; i < variables.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) read.tensors().get(i);
      restore.add(variables.get(i).assign(tf, value));
    }
  }

  /**
   * The save and restore ops for {@code variables}, added to the session's graph under a scope
   * of their own.
   */
  public static VariableCheckpoints of(Session session, List<GraphVariable> variables) {
    return new VariableCheckpoints(session, List.copyOf(variables));
  }

  /** Writes {@code <prefix>.index} and {@code <prefix>.data-*} with the current values. */
  public void save(String checkpointPrefix) {
    try (TString p = TString.scalarOf(checkpointPrefix)) {
      session.runner().feed(prefix, p).addTarget(save).run().close();
    }
  }

  /**
   * Sets every variable to its value in the checkpoint.
   *
   * @throws org.tensorflow.exceptions.TensorFlowException when the checkpoint lacks one of the
   *     variables or holds another shape
   */
  public void restore(String checkpointPrefix) {
    try (TString p = TString.scalarOf(checkpointPrefix)) {
      Session.Runner runner = session.runner().feed(prefix, p);
      restore.forEach(runner::addTarget);
      runner.run().close();
    }
  }
}
