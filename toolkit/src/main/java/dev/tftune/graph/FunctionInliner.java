package dev.tftune.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Inlines the function calls of TF2 graphs ({@code PartitionedCall},
 * {@code StatefulPartitionedCall}, and functions used as ops) on the paths to the signature
 * outputs, recursively, so gradients can flow through them: TensorFlow cannot differentiate
 * through a call at run time. Body nodes are renamed under the call's name, input arguments
 * become the caller's tensors, {@code node:out_arg:i} references become flat output indices
 * (from each op's definition), attribute placeholders are filled from the call, the call's
 * control inputs are forwarded, and its consumers (and the signatures) read the returned
 * tensors. Control-flow bodies ({@code If}, {@code While}) and the saver's calls stay as they
 * are; library functions no node uses any more are dropped.
 */
public final class FunctionInliner implements GraphRewrite {
  private static final Set<String> CALLS = Set.of("PartitionedCall", "StatefulPartitionedCall");
  private static final Set<String> CONTROL_FLOW = Set.of("If", "StatelessIf", "While",
      "StatelessWhile", "Case", "StatelessCase");

  private Map<String, FunctionDef> library;
  private final List<String> inlined = new ArrayList<>();

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    GraphDef.Builder graph = metaGraph.getGraphDefBuilder();
    library = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    if (library.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> renamed = new HashMap<>();
    Deque<String> work = new ArrayDeque<>(callsOnSignaturePaths(metaGraph));
    while (!work.isEmpty()) {
      String call = work.pop();
      work.addAll(inline(graph, call, renamed));
    }
    if (inlined.isEmpty()) {
      return Optional.empty();
    }
    rewireSignatures(metaGraph, renamed);
    Graphs.dropUnusedFunctions(graph);
    Map<String, Integer> controlFlow = controlFlowOnSignaturePaths(metaGraph);
    return Optional.of("inlined " + inlined.size() + " function calls ("
        + String.join(", ", inlined.subList(0, Math.min(3, inlined.size())))
        + (inlined.size() > 3 ? ", ..." : "") + ")"
        + (controlFlow.isEmpty() ? "" : "; control flow kept with its branch and loop "
            + "functions: " + controlFlow));
  }

  /**
   * Control-flow ops left on the signatures' paths, counted by type: their bodies are not
   * inlined (TensorFlow differentiates {@code If} and {@code While} through their functions).
   */
  private Map<String, Integer> controlFlowOnSignaturePaths(MetaGraphDef.Builder metaGraph) {
    GraphIndex index = GraphIndex.of(metaGraph.getGraphDef());
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (String name : index.upstream(Graphs.signatureOutputOps(metaGraph))) {
      String op = index.node(name) == null ? "" : index.node(name).getOp();
      if (CONTROL_FLOW.contains(op)) {
        out.merge(op, 1, Integer::sum);
      }
    }
    return out;
  }

  /** Call nodes upstream of the user-facing signatures' outputs (not the init op's). */
  private Set<String> callsOnSignaturePaths(MetaGraphDef.Builder metaGraph) {
    GraphIndex index = GraphIndex.of(metaGraph.getGraphDef());
    Set<String> calls = new LinkedHashSet<>();
    for (String name : index.upstream(Graphs.signatureOutputOps(metaGraph))) {
      if (isCall(index.node(name))) {
        calls.add(name);
      }
    }
    return calls;
  }

  private boolean isCall(NodeDef node) {
    return node != null && (CALLS.contains(node.getOp()) || library.containsKey(node.getOp()));
  }

  private static String functionName(NodeDef call) {
    return call.containsAttr("f") ? call.getAttrOrThrow("f").getFunc().getName() : call.getOp();
  }

  /** Replaces one call node by its body; returns the calls found inside, to inline next. */
  private List<String> inline(GraphDef.Builder graph, String callName,
      Map<String, String> renamed) {
    int at = -1;
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (graph.getNode(i).getName().equals(callName)) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return List.of();
    }
    NodeDef call = graph.getNode(at);
    FunctionDef fn = library.get(functionName(call));
    if (fn == null) {
      return List.of();
    }
    Map<String, AttrValue> bound = call.containsAttr("f")
        ? call.getAttrOrThrow("f").getFunc().getAttrMap() : call.getAttrMap();
    List<String> dataInputs = new ArrayList<>();
    List<String> controlInputs = new ArrayList<>();
    for (String in : call.getInputList()) {
      (in.startsWith("^") ? controlInputs : dataInputs).add(in);
    }
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < fn.getSignature().getInputArgCount(); i++) {
      args.put(fn.getSignature().getInputArg(i).getName(), dataInputs.get(i));
    }
    FunctionBody body = new FunctionBody(fn, this::isCall);
    List<NodeDef> added = new ArrayList<>();
    List<String> nested = new ArrayList<>();
    for (NodeDef n : fn.getNodeDefList()) {
      NodeDef.Builder b = n.toBuilder().setName(callName + "/" + n.getName()).clearInput();
      for (String in : n.getInputList()) {
        b.addInput(bodyInput(in, callName, args, body));
      }
      controlInputs.forEach(b::addInput);
      if (b.getDevice().isEmpty()) {
        b.setDevice(call.getDevice());
      }
      if (b.containsAttr("_class")) {
        // colocation names body nodes (now under the call's name) or arguments; names of the
        // Python graph the function was traced from resolve to nothing and are dropped
        AttrValue.ListValue.Builder locations = AttrValue.ListValue.newBuilder();
        for (var loc : b.getAttrOrThrow("_class").getList().getSList()) {
          String text = loc.toStringUtf8();
          String target = text.startsWith("loc:@") ? text.substring(5) : null;
          String resolved = target == null ? text
              : body.node(target) != null ? "loc:@" + callName + "/" + target
              : args.containsKey(target) ? "loc:@" + Graphs.opName(args.get(target)) : null;
          if (resolved != null) {
            locations.addS(com.google.protobuf.ByteString.copyFromUtf8(resolved));
          }
        }
        if (locations.getSCount() == 0) {
          b.removeAttr("_class");
        } else {
          b.putAttr("_class", AttrValue.newBuilder().setList(locations).build());
        }
      }
      for (String key : List.copyOf(b.getAttrMap().keySet())) {
        AttrValue v = b.getAttrOrThrow(key);
        if (!v.getPlaceholder().isEmpty() && bound.containsKey(v.getPlaceholder())) {
          b.putAttr(key, bound.get(v.getPlaceholder()));
        }
      }
      NodeDef built = b.build();
      added.add(built);
      if (isCall(built)) {
        nested.add(built.getName());
      }
    }
    // the call's outputs, in order, are the function's output arguments
    List<String> returned = new ArrayList<>();
    for (var out : fn.getSignature().getOutputArgList()) {
      returned.add(bodyInput(fn.getRetOrThrow(out.getName()), callName, args, body));
    }
    // a NoOp under the call's name keeps control edges on the call meaningful
    NodeDef.Builder done = NodeDef.newBuilder().setName(callName).setOp("NoOp")
        .setDevice(call.getDevice());
    fn.getControlRetMap().values().forEach(n -> done.addInput("^" + callName + "/" + n));
    returned.forEach(t -> done.addInput("^" + Graphs.opName(t)));
    graph.removeNode(at);
    graph.addAllNode(added);
    graph.addNode(done.build());
    for (int k = 0; k < returned.size(); k++) {
      renamed.put(callName + ":" + k, returned.get(k));
    }
    renamed.put(callName, returned.isEmpty() ? callName : returned.get(0));
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      for (int i = 0; i < node.getInputCount(); i++) {
        String in = node.getInput(i);
        if (in.equals(callName) || in.startsWith(callName + ":")) {
          String target = in.equals(callName) ? callName + ":0" : in;
          node.setInput(i, renamed.getOrDefault(target, in));
        }
      }
    }
    inlined.add(functionName(call));
    return nested;
  }

  /** A body input ({@code arg}, {@code node:out_arg:i}, {@code ^node}) as a graph input. */
  private static String bodyInput(String in, String callName, Map<String, String> args,
      FunctionBody body) {
    FunctionBody.Ref r = body.ref(in);
    if (r.argument()) {
      String outer = args.getOrDefault(r.name(), callName + "/" + r.name());
      return r.control() ? "^" + Graphs.opName(outer) : outer;
    }
    String node = callName + "/" + r.name();
    return r.control() ? "^" + node : node + ":" + r.index();
  }

  private static void rewireSignatures(MetaGraphDef.Builder metaGraph,
      Map<String, String> renamed) {
    for (String key : List.copyOf(metaGraph.getSignatureDefMap().keySet())) {
      SignatureDef.Builder sig = metaGraph.getSignatureDefMap().get(key).toBuilder();
      Map<String, TensorInfo> outputs = new HashMap<>();
      sig.getOutputsMap().forEach((k, t) -> {
        String target = resolve(t.getName(), renamed);
        outputs.put(k, t.toBuilder().setName(target.contains(":") ? target : target + ":0")
            .build());
      });
      metaGraph.putSignatureDef(key, sig.clearOutputs().putAllOutputs(outputs).build());
    }
  }

  /** Follows renames through nested calls (an output of a call that returned a call's). */
  private static String resolve(String tensor, Map<String, String> renamed) {
    String t = tensor;
    for (int guard = 0; guard < 1000 && renamed.containsKey(t); guard++) {
      String next = renamed.get(t);
      if (next.equals(t)) {
        break;
      }
      t = next;
    }
    return t;
  }
}
