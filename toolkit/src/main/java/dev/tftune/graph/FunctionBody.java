package dev.tftune.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * A library function's body as a graph to copy from: its nodes by name, its inputs resolved
 * from the function form ({@code arg}, {@code node:out_arg:i}, {@code ^node}) to flat output
 * indices (from each op's definition), and its nodes in an order where producers come first.
 */
final class FunctionBody {
  private static Map<String, OpDef> registered;

  /** An input of a body node: an argument of the function, or a body node's flat output. */
  record Ref(String name, int index, boolean control, boolean argument) {}

  private final FunctionDef function;
  private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
  private final Predicate<NodeDef> isCall;

  /** @param isCall nodes with one list output ({@code output}) whatever their op */
  FunctionBody(FunctionDef function, Predicate<NodeDef> isCall) {
    this.function = function;
    this.isCall = isCall;
    function.getNodeDefList().forEach(n -> nodes.put(n.getName(), n));
  }

  FunctionDef function() {
    return function;
  }

  NodeDef node(String name) {
    return nodes.get(name);
  }

  /** The input of a body node, or a return value, resolved. */
  Ref ref(String in) {
    boolean control = in.startsWith("^");
    String text = control ? in.substring(1) : in;
    String[] parts = text.split(":");
    NodeDef producer = nodes.get(parts[0]);
    if (producer == null) {
      return new Ref(parts[0], 0, control, true);
    }
    if (parts.length == 1) {
      return new Ref(parts[0], 0, control, false);
    }
    int index = parts.length == 3 ? Integer.parseInt(parts[2]) : 0;
    return new Ref(parts[0], flatOffset(producer, parts[1]) + index, control, false);
  }

  /** The function's output arguments, in order, resolved. */
  List<Ref> returned() {
    List<Ref> out = new ArrayList<>();
    for (var arg : function.getSignature().getOutputArgList()) {
      out.add(ref(function.getRetOrThrow(arg.getName())));
    }
    return out;
  }

  /** The body's nodes, every node after the nodes it reads (data or control). */
  List<NodeDef> topological() {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> readers = new HashMap<>();
    for (NodeDef n : nodes.values()) {
      int count = 0;
      for (String in : n.getInputList()) {
        Ref r = ref(in);
        if (!r.argument()) {
          readers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(n.getName());
          count++;
        }
      }
      waiting.put(n.getName(), count);
    }
    Deque<String> ready = new ArrayDeque<>();
    waiting.forEach((name, count) -> {
      if (count == 0) {
        ready.add(name);
      }
    });
    List<NodeDef> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String name = ready.pop();
      order.add(nodes.get(name));
      for (String reader : readers.getOrDefault(name, List.of())) {
        if (waiting.merge(reader, -1, Integer::sum) == 0) {
          ready.add(reader);
        }
      }
    }
    if (order.size() != nodes.size()) {
      throw new IllegalStateException("function " + function.getSignature().getName()
          + " has a cycle");
    }
    return order;
  }

  /** Where an output argument starts among a node's flat outputs. */
  private int flatOffset(NodeDef node, String outputArg) {
    if (isCall.test(node)) {
      return 0; // calls have one list output, "output"
    }
    OpDef def = ops().get(node.getOp());
    if (def == null) {
      throw new IllegalStateException("unknown op " + node.getOp());
    }
    int offset = 0;
    for (OpDef.ArgDef arg : def.getOutputArgList()) {
      if (arg.getName().equals(outputArg)) {
        return offset;
      }
      if (!arg.getNumberAttr().isEmpty()) {
        offset += (int) node.getAttrOrThrow(arg.getNumberAttr()).getI();
      } else if (!arg.getTypeListAttr().isEmpty()) {
        offset += node.getAttrOrThrow(arg.getTypeListAttr()).getList().getTypeCount();
      } else {
        offset++;
      }
    }
    throw new IllegalStateException(node.getOp() + " has no output " + outputArg);
  }

  private static synchronized Map<String, OpDef> ops() {
    if (registered == null) {
      Map<String, OpDef> all = new HashMap<>();
      TensorFlow.registeredOpList().getOpList().forEach(op -> all.put(op.getName(), op));
      registered = all;
    }
    return registered;
  }
}
