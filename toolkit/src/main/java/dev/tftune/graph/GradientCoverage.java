package dev.tftune.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
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
  private final Map<String, NodeDef> nodes = new HashMap<>();
  private final Map<String, List<String>> consumers = new HashMap<>();

  public GradientCoverage(Graph graph, GraphDef graphDef) {
    this.graph = graph;
    for (NodeDef n : graphDef.getNodeList()) {
      nodes.put(n.getName(), n);
      for (String in : n.getInputList()) {
        if (!in.startsWith("^")) {
          consumers.computeIfAbsent(Graphs.opName(in), k -> new ArrayList<>())
              .add(n.getName());
        }
      }
    }
  }

  /** Op types between {@code from} and {@code to} (op names) that have no gradient. */
  public SortedSet<String> missingGradients(Collection<String> from, Collection<String> to) {
    JavaGradients.registerAll();
    Set<String> downstream = reach(from, n -> consumers.getOrDefault(n, List.of()));
    Set<String> upstream = reach(to, n -> {
      NodeDef def = nodes.get(n);
      return def == null ? List.of() : def.getInputList().stream()
          .filter(i -> !i.startsWith("^")).map(Graphs::opName).toList();
    });
    SortedSet<String> missing = new TreeSet<>();
    Map<String, Boolean> hasGradient = new HashMap<>();
    for (String name : downstream) {
      NodeDef def = nodes.get(name);
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

  private static Set<String> reach(Collection<String> start,
      Function<String, List<String>> next) {
    Set<String> seen = new HashSet<>(start);
    Deque<String> queue = new ArrayDeque<>(start);
    while (!queue.isEmpty()) {
      for (String n : next.apply(queue.pop())) {
        if (seen.add(n)) {
          queue.add(n);
        }
      }
    }
    return seen;
  }
}
