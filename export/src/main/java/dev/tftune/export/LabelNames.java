package dev.tftune.export;

import dev.tftune.graph.Graphs;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TNumber;

/** Class ids turned into their names inside the graph, so clients of an export read names. */
final class LabelNames {
  /** The output of {@code serving_default} that holds the predicted class's name. */
  static final String OUTPUT = "class_names";

  private LabelNames() {}

  /** A string constant of the names, in class order. */
  static Operand<TString> constant(Ops tf, List<String> names) {
    // TString.vectorOf refuses an empty array
    try (TString t = names.isEmpty()
        ? TString.tensorOf(NdArrays.ofObjects(String.class, Shape.of(0)))
        : TString.vectorOf(names.toArray(String[]::new))) {
      return tf.constantOf(t);
    }
  }

  /** The name of each example's class, from its class id ({@code [batch]}, any integer type). */
  @SuppressWarnings("unchecked")
  static Output<TString> lookup(Graph graph, Output<?> classIds, List<String> names) {
    Ops tf = Ops.create(graph).withSubScope(Graphs.uniqueScope(graph, "tftune_labels"));
    return tf.withName(OUTPUT).gather(constant(tf, names), (Operand<TNumber>) classIds,
        tf.constant(0)).asOutput();
  }
}
