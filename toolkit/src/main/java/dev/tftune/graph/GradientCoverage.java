package dev.tftune.graph;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Finds the op types on a path from some ops (inputs, variables) to others (outputs) that
 * TensorFlow cannot differentiate, so a user learns it before training rather than mid-run.
 * Ops whose outputs are all integer, boolean or string (ArgMax, Shape) are left out: no gradient
 * ever flows through them.
 */
public final class GradientCoverage {
  private final Graph graph;
  private final GraphIndex index;

  public GradientCoverage(Graph graph, GraphDef graphDef) {
    this.graph = graph;
    this.index = GraphIndex.of(graphDef);
  }

  /** Op types between {@code from} and {@code to} (op names) that have no gradient. */
  public SortedSet<String> missingGradients(Collection<String> from, Collection<String> to) {
    JavaGradients.registerAll();
    Set<String> downstream = index.downstream(from);
    Set<String> upstream = index.upstream(to);
    SortedSet<String> missing = new TreeSet<>();
    Map<String, Boolean> hasGradient = new HashMap<>();
    for (String name : downstream) {
      NodeDef def = index.node(name);
      if (def == null || !upstream.contains(name) || from.contains(name)
          || missing.contains(def.getOp())) {
        continue;
      }
      if (!hasGradient.computeIfAbsent(def.getOp(), JavaGradients::hasGradient)
          && carriesGradient(name)) {
        missing.add(def.getOp());
      }
    }
    return missing;
  }

  private boolean carriesGradient(String opName) {
    GraphOperation op = graph.operation(opName);
    if (op == null) {
      return true;
    }
    for (int i = 0; i < op.numOutputs(); i++) {
      if (DataTypes.isFloating(op.output(i).dataType())) {
        return true;
      }
    }
    return false;
  }
}
