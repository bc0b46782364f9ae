package dev.tftune.savedmodel;

import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.VariableKind;
import java.util.Arrays;
import org.tensorflow.Graph;

/**
 * A variable of a graph.
 *
 * @param name the variable's op name, used by training plans and checkpoints
 * @param shape its static shape
 * @param dtype dtype in Python spelling
 * @param kind how the graph holds it (ref or resource)
 * @param trainable false when the model says the variable is not trained (TF2: {@code
 *     SavedVariable.trainable}, which is false for optimizer slots, metric counters and
 *     BatchNorm moving statistics; TF1: absent from the {@code trainable_variables} collection)
 */
public record VariableInfo(String name, long[] shape, String dtype, VariableKind kind,
    boolean trainable) {

  /** A variable the model marks trainable. */
  public VariableInfo(String name, long[] shape, String dtype, VariableKind kind) {
    this(name, shape, dtype, kind, true);
  }

  /**
   * The variable in a loaded graph, for training.
   *
   * @throws IllegalArgumentException when it is not float32
   */
  public GraphVariable in(Graph graph) {
    return GraphVariable.of(graph, name, kind, shape, dtype);
  }

  /** Number of elements. */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= Math.max(d, 0);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VariableInfo v && name.equals(v.name) && Arrays.equals(shape, v.shape)
        && dtype.equals(v.dtype) && kind == v.kind && trainable == v.trainable;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
