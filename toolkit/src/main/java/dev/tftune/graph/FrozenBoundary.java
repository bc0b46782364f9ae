package dev.tftune.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Where the frozen part of a partly unfrozen model hands over to the trainable part: the tensors
 * computed from the inputs through frozen variables only, that ops depending on a trained
 * variable consume. Their values never change while training, so each example's can be computed
 * once. Tensors at the boundary that no variable computes (an attention mask, a shape) are cheap
 * and are recomputed from the inputs instead.
 */
public final class FrozenBoundary {
  private FrozenBoundary() {}

  /**
   * The boundary tensors on the path to {@code target} that depend on the inputs and on a frozen
   * variable, in graph order.
   *
   * @param trained op names of the variables that train
   * @param variables op names of every variable of the graph
   * @param inputs op names of the fed inputs
   */
  public static List<String> tensors(GraphDef graph, Collection<String> trained,
      Collection<String> variables, Collection<String> inputs, String target) {
    GraphIndex index = GraphIndex.of(graph);
    Set<String> onPath = index.upstream(List.of(target));
    Set<String> changing = index.downstream(trained);
    Set<String> frozen = new HashSet<>(variables);
    frozen.removeAll(trained);
    Set<String> fromFrozen = index.downstream(frozen);
    Set<String> fromInputs = index.downstream(inputs);
    Set<String> out = new LinkedHashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      if (!onPath.contains(n.getName()) || !changing.contains(n.getName())) {
        continue;
      }
      for (String in : n.getInputList()) {
        String op = Graphs.opName(in);
        if (!in.startsWith("^") && !changing.contains(op) && fromFrozen.contains(op)
            && fromInputs.contains(op) && !frozen.contains(op)) {
          out.add(in.contains(":") ? in : in + ":0");
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The one tensor every other of {@code tensors} is computed from (BERT-like graphs reshape a
   * layer's output before its dense layers and also add it back), or empty when there is none.
   * Feeding it lets TensorFlow recompute the others from it.
   */
  public static Optional<String> source(GraphDef graph, List<String> tensors) {
    GraphIndex index = GraphIndex.of(graph);
    for (String candidate : tensors) {
      Set<String> below = index.downstream(List.of(Graphs.opName(candidate)));
      if (tensors.stream().allMatch(t -> t.equals(candidate)
          || below.contains(Graphs.opName(t)) && !Graphs.opName(t).equals(
              Graphs.opName(candidate)))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
