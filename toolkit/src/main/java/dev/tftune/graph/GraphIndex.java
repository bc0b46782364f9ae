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
import java.util.function.Function;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A GraphDef's nodes by name with their data inputs and consumers (control edges left out), for
 * analyses that walk the graph: gradient coverage, feature tensors, residual blocks.
 */
public final class GraphIndex {
  private final Map<String, NodeDef> nodes = new HashMap<>();
  private final Map<String, List<String>> consumers = new HashMap<>();

  private GraphIndex() {}

  public static GraphIndex of(GraphDef graphDef) {
    GraphIndex index = new GraphIndex();
    for (NodeDef n : graphDef.getNodeList()) {
      index.nodes.put(n.getName(), n);
      for (String in : n.getInputList()) {
        if (!in.startsWith("^")) {
          index.consumers.computeIfAbsent(Graphs.opName(in), k -> new ArrayList<>())
              .add(n.getName());
        }
      }
    }
    return index;
  }

  /** The node, or null. */
  public NodeDef node(String opName) {
    return nodes.get(opName);
  }

  /** Op names feeding the node's data inputs, in input order. */
  public List<String> inputs(String opName) {
    NodeDef def = nodes.get(opName);
    return def == null ? List.of() : def.getInputList().stream()
        .filter(i -> !i.startsWith("^")).map(Graphs::opName).toList();
  }

  /** Op names that take one of the node's outputs as a data input. */
  public List<String> consumers(String opName) {
    return consumers.getOrDefault(opName, List.of());
  }

  /** The ops themselves and every op they feed, transitively. */
  public Set<String> downstream(Collection<String> start) {
    return reach(start, this::consumers);
  }

  /** The ops themselves and every op that feeds them, transitively. */
  public Set<String> upstream(Collection<String> start) {
    return reach(start, this::inputs);
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
