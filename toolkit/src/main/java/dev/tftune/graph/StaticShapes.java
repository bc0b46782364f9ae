package dev.tftune.graph;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;

/**
 * The shapes TensorFlow infers for a GraphDef's tensors when it is imported (no session, no
 * variables), for rewrites that need a dimension known when the graph is built.
 */
final class StaticShapes implements AutoCloseable {
  private final Graph graph;

  private StaticShapes(Graph graph) {
    this.graph = graph;
  }

  /** The graph imported; a graph TensorFlow cannot import gives no shapes at all. */
  static StaticShapes of(GraphDef graphDef) {
    Graph g = new Graph();
    try {
      g.importGraphDef(graphDef);
    } catch (RuntimeException e) {
      g.close();
      return new StaticShapes(null);
    }
    return new StaticShapes(g);
  }

  /** The dimensions of {@code op:index} (-1 where unknown), or null when the rank is unknown. */
  long[] dims(String tensor) {
    if (graph == null) {
      return null;
    }
    GraphOperation op = graph.operation(Graphs.opName(tensor));
    int colon = tensor.lastIndexOf(':');
    int index = colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
    if (op == null || index >= op.numOutputs()) {
      return null;
    }
    Shape shape = op.output(index).shape();
    return shape.isUnknown() ? null : shape.asArray();
  }

  @Override
  public void close() {
    if (graph != null) {
      graph.close();
    }
  }
}
