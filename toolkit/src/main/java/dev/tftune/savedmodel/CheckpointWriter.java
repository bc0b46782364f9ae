package dev.tftune.savedmodel;

import dev.tftune.graph.DataTypes;
import dev.tftune.graph.Graphs;
import dev.tftune.graph.VariableKind;
import dev.tftune.TftuneException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TString;

/**
 * Writes the current values of a live session's variables as a TensorFlow checkpoint
 * ({@code <prefix>.index} and {@code <prefix>.data-*}, written by TensorFlow's own SaveV2): the
 * format of a SavedModel's {@code variables/} and of training checkpoints alike, keyed by the
 * variables' op names, readable by TensorFlow's RestoreV2 and by Python's
 * {@code tf.train.load_checkpoint}.
 */
public final class CheckpointWriter {
  private final Session session;

  private CheckpointWriter(Session session) {
    this.session = session;
  }

  /** A writer of the variables in a session's graph. */
  public static CheckpointWriter of(Session session) {
    return new CheckpointWriter(session);
  }

  /**
   * Saves variables (ref or resource) by op name; the save op is added to the graph under a
   * scope of its own.
   *
   * @param prefix the checkpoint path without its suffixes, such as {@code variables/variables}
   * @throws IllegalArgumentException when a name is not a variable op of the graph
   * @throws UncheckedIOException when the files cannot be written
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void write(List<String> variables, String prefix) {
    Graph graph = session.graph();
    Ops tf = Ops.create(graph).withSubScope(Graphs.uniqueScope(graph, "tftune_save"));
    List<Operand<?>> values = new ArrayList<>();
    for (String name : variables) {
      GraphOperation op = graph.operation(name);
      VariableKind kind = op == null ? null : VariableKind.ofOpType(op.type());
      if (kind == null) {
        throw new IllegalArgumentException(name + " is not a variable op of the graph");
      }
      DataType type = op.attributes().getAttrType("dtype");
      values.add(kind == VariableKind.RESOURCE
          ? tf.readVariableOp(op.output(0), DataTypes.javaClass(type))
          : tf.identity((Operand) op.output(0)));
    }
    Operand<TString> names = tf.constant(NdArrays.vectorOfObjects(
        variables.toArray(String[]::new)));
    Operand<TString> slices = tf.constant(NdArrays.vectorOfObjects(
        variables.stream().map(v -> "").toArray(String[]::new)));
    Op save = tf.train.save(tf.constant(prefix), names, slices, values);
    try {
      session.runner().addTarget(save).run().close();
    } catch (TensorFlowException e) {
      // SaveV2's failures are the file system's (no space, no permission): I/O, not the model
      throw new UncheckedIOException(new IOException("TensorFlow could not write " + prefix
          + ": " + TftuneException.firstLine(e.getMessage()), e));
    }
  }
}
