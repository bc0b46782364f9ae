package dev.tftune.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/** Naming helpers for ops added to graphs that already hold many, and graph lookups. */
public final class Graphs {
  private Graphs() {}

  /** {@code base}, or {@code base_1}, ... : the first name no op uses as a name or scope. */
  public static String uniqueScope(Graph graph, String base) {
    for (int i = 0; ; i++) {
      String name = i == 0 ? base : base + "_" + i;
      boolean taken = false;
      for (var it = graph.operations(); it.hasNext() && !taken; ) {
        String op = it.next().name();
        taken = op.equals(name) || op.startsWith(name + "/");
      }
      if (!taken) {
        return name;
      }
    }
  }

  /**
   * Whether a signature key is one of TensorFlow's own ({@code __saved_model_init_op},
   * {@code __saved_model_train_op}), which name ops to run rather than computations to call.
   */
  public static boolean isInternalSignature(String key) {
    return key.equals("__saved_model_init_op") || key.equals("__saved_model_train_op");
  }

  /** Op names of the outputs of a meta graph's signatures, TensorFlow's own left out. */
  public static Set<String> signatureOutputOps(MetaGraphDef.Builder metaGraph) {
    Set<String> outputs = new HashSet<>();
    metaGraph.getSignatureDefMap().forEach((key, sig) -> {
      if (!isInternalSignature(key)) {
        sig.getOutputsMap().values().forEach(t -> outputs.add(opName(t.getName())));
      }
    });
    return outputs;
  }

  /**
   * The names of the functions a node may call: its op type (a library function used as an op)
   * and every function its attributes name (calls, branches, loop bodies).
   */
  public static List<String> calledFunctions(NodeDef node) {
    List<String> names = new ArrayList<>();
    names.add(node.getOp());
    node.getAttrMap().values().forEach(v -> {
      if (v.hasFunc()) {
        names.add(v.getFunc().getName());
      }
      v.getList().getFuncList().forEach(f -> names.add(f.getName()));
    });
    return names;
  }

  /** The full name of a tensor, {@code op:index}. */
  public static String tensorName(Output<?> tensor) {
    return tensor.op().name() + ":" + tensor.index();
  }

  /** The op name of a tensor or input reference ({@code ^op}, {@code op:1}, {@code op}). */
  public static String opName(String tensorName) {
    String n = tensorName.startsWith("^") ? tensorName.substring(1) : tensorName;
    int colon = n.lastIndexOf(':');
    return colon < 0 ? n : n.substring(0, colon);
  }

  /** Keeps the library functions some node still uses (as its op or in an attribute). */
  public static void dropUnusedFunctions(GraphDef.Builder graph) {
    Map<String, FunctionDef> library = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    Set<String> used = new HashSet<>();
    Deque<NodeDef> queue = new ArrayDeque<>(graph.getNodeList());
    while (!queue.isEmpty()) {
      NodeDef n = queue.pop();
      for (String name : calledFunctions(n)) {
        FunctionDef f = library.get(name);
        if (f != null && used.add(name)) {
          queue.addAll(f.getNodeDefList());
        }
      }
    }
    var lib = graph.getLibraryBuilder();
    List<FunctionDef> keep = lib.getFunctionList().stream()
        .filter(f -> used.contains(f.getSignature().getName())).toList();
    lib.clearFunction().addAllFunction(keep);
    var gradients = lib.getGradientList().stream()
        .filter(g -> used.contains(g.getFunctionName())).toList();
    lib.clearGradient().addAllGradient(gradients);
  }
}
