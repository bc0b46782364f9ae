package dev.tftune.savedmodel;

import dev.tftune.graph.GraphIndex;
import dev.tftune.graph.GraphRewrite;
import dev.tftune.graph.Graphs;
import dev.tftune.graph.VariableKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.Struct.StructuredValue;
import org.tensorflow.proto.Struct.TensorSpecProto;
import org.tensorflow.proto.TensorInfo;

/**
 * Makes the functions a TF2 object saved as attributes ({@code module.__call__},
 * {@code module.predict}) callable like signatures, as Python's {@code tf.saved_model.load}
 * makes them: a {@code tf.Module} often computes its output only in such a function and exposes
 * getters or a training step as signatures.
 *
 * <p>A function qualifies when it hangs on the root object, has exactly one traced concrete
 * function (several traces, as Keras' {@code __call__} has for training and inference, leave
 * the choice ambiguous), takes at least one tensor and nothing but tensors, returns tensors, and
 * captures only variables and constants. It becomes a signature under its attribute name, unless
 * a signature of that name exists or a signature calls it already: placeholders for its
 * arguments feed a {@code StatefulPartitionedCall} of the function, which the inliner then
 * inlines like any signature's call.
 */
final class ObjectGraphFunctions implements GraphRewrite {
  private static final String METHOD = "tensorflow/serving/predict";

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    SavedObjectGraph objects = metaGraph.getObjectGraphDef();
    if (objects.getNodesCount() == 0) {
      return Optional.empty();
    }
    GraphDef.Builder graph = metaGraph.getGraphDefBuilder();
    Map<String, FunctionDef> library = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    Set<String> names = new HashSet<>();
    Map<String, String> variables = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      names.add(n.getName());
      if (VariableKind.isResource(n.getOp())) {
        variables.putIfAbsent(n.getName(), n.getName());
        if (n.containsAttr("shared_name")) {
          variables.putIfAbsent(n.getAttrOrThrow("shared_name").getS().toStringUtf8(),
              n.getName());
        }
      }
    }
    Set<String> served = calledBySignatures(metaGraph, library);
    List<String> added = new ArrayList<>();
    for (var child : objects.getNodes(0).getChildrenList()) {
      String key = child.getLocalName();
      SavedObject object = objects.getNodes(child.getNodeId());
      if (!object.hasFunction() || object.getFunction().getConcreteFunctionsCount() != 1
          || metaGraph.containsSignatureDef(key)
          || served.contains(object.getFunction().getConcreteFunctions(0))) {
        continue;
      }
      String function = object.getFunction().getConcreteFunctions(0);
      Call call = callOf(objects, objects.getConcreteFunctionsMap().get(function),
          library.get(function), variables);
      if (call != null) {
        metaGraph.putSignatureDef(key, add(graph, names, key, function, call));
        added.add(key);
      }
    }
    return added.isEmpty() ? Optional.empty()
        : Optional.of("functions of the object graph callable as signatures: " + added);
  }

  /**
   * Functions the signatures call, directly or through other functions: those are callable
   * already (TF Serving's half_plus_two signs its functions under other names).
   */
  private static Set<String> calledBySignatures(MetaGraphDef.Builder metaGraph,
      Map<String, FunctionDef> library) {
    GraphIndex index = GraphIndex.of(metaGraph.getGraphDef());
    Set<String> outputs = Graphs.signatureOutputOps(metaGraph);
    Set<String> called = new HashSet<>();
    Deque<NodeDef> work = new ArrayDeque<>();
    index.upstream(outputs).stream().map(index::node).filter(Objects::nonNull)
        .forEach(work::add);
    while (!work.isEmpty()) {
      NodeDef n = work.pop();
      String f = n.containsAttr("f") ? n.getAttrOrThrow("f").getFunc().getName() : n.getOp();
      FunctionDef def = library.get(f);
      if (def != null && called.add(f)) {
        work.addAll(def.getNodeDefList());
      }
    }
    return called;
  }

  /** A function's tensor arguments, captured tensors (graph op names) and outputs. */
  private record Call(Map<String, TensorSpecProto> inputs, List<String> captures,
      Map<String, TensorSpecProto> outputs, FunctionDef def) {}

  /** How to call a concrete function, or null when it does not qualify. */
  private static Call callOf(SavedObjectGraph objects, SavedConcreteFunction saved,
      FunctionDef def, Map<String, String> variables) {
    if (saved == null || def == null) {
      return null;
    }
    List<TensorSpecProto> args = new ArrayList<>();
    if (!flatten(saved.getCanonicalizedInputSignature(), args) || args.isEmpty()) {
      return null;
    }
    List<TensorSpecProto> results = new ArrayList<>();
    if (!flatten(saved.getOutputSignature(), results) || results.isEmpty()) {
      return null;
    }
    List<String> captures = new ArrayList<>();
    for (int id : saved.getBoundInputsList()) {
      SavedObject bound = objects.getNodes(id);
      String op = bound.hasVariable() ? variables.get(bound.getVariable().getName())
          : bound.hasConstant() ? bound.getConstant().getOperation() : null;
      if (op == null) {
        return null; // a table, an asset or another resource: not bound here
      }
      captures.add(op);
    }
    if (def.getSignature().getInputArgCount() != args.size() + captures.size()
        || def.getSignature().getOutputArgCount() != results.size()) {
      return null;
    }
    return new Call(keyed(args, "input_"), captures,
        saved.getOutputSignature().hasDictValue() ? byDictKey(saved.getOutputSignature())
            : keyed(results, "output_"), def);
  }

  /**
   * The tensor specs of a structure in TF's flattening order (tuples and lists in order,
   * dictionaries by sorted key); false when a leaf is not a tensor.
   */
  private static boolean flatten(StructuredValue value, List<TensorSpecProto> out) {
    switch (value.getKindCase()) {
      case TENSOR_SPEC_VALUE -> out.add(value.getTensorSpecValue());
      case TUPLE_VALUE -> {
        for (StructuredValue v : value.getTupleValue().getValuesList()) {
          if (!flatten(v, out)) {
            return false;
          }
        }
      }
      case LIST_VALUE -> {
        for (StructuredValue v : value.getListValue().getValuesList()) {
          if (!flatten(v, out)) {
            return false;
          }
        }
      }
      case DICT_VALUE -> {
        for (StructuredValue v : new TreeMap<>(value.getDictValue().getFieldsMap()).values()) {
          if (!flatten(v, out)) {
            return false;
          }
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Specs by their own names where those are set and distinct, else {@code prefix + i}. */
  private static Map<String, TensorSpecProto> keyed(List<TensorSpecProto> specs, String prefix) {
    Map<String, TensorSpecProto> out = new LinkedHashMap<>();
    for (TensorSpecProto s : specs) {
      if (s.getName().isEmpty() || out.containsKey(s.getName())) {
        out.clear();
        for (int i = 0; i < specs.size(); i++) {
          out.put(prefix + i, specs.get(i));
        }
        return out;
      }
      out.put(s.getName(), s);
    }
    return out;
  }

  private static Map<String, TensorSpecProto> byDictKey(StructuredValue dict) {
    Map<String, TensorSpecProto> out = new LinkedHashMap<>();
    new TreeMap<>(dict.getDictValue().getFieldsMap())
        .forEach((k, v) -> out.put(k, v.getTensorSpecValue()));
    return out;
  }

  /** Adds placeholders and the call to the graph; returns the signature over them. */
  private static SignatureDef add(GraphDef.Builder graph, Set<String> names, String key,
      String function, Call call) {
    // op names may not start with '_': __call__ becomes call
    String base = unique(names, key.replaceAll("^_+|_+$", "").replaceAll("[^A-Za-z0-9_.]", "_")
        .replaceAll("^$", "function"));
    SignatureDef.Builder sig = SignatureDef.newBuilder().setMethodName(METHOD);
    NodeDef.Builder node = NodeDef.newBuilder().setName(base).setOp("StatefulPartitionedCall");
    // argument types from the function itself: captures are resources or constants' dtypes
    AttrValue.ListValue.Builder tin = AttrValue.ListValue.newBuilder();
    call.def().getSignature().getInputArgList().forEach(a -> tin.addType(a.getType()));
    AttrValue.ListValue.Builder tout = AttrValue.ListValue.newBuilder();
    call.def().getSignature().getOutputArgList().forEach(a -> tout.addType(a.getType()));
    call.inputs().forEach((arg, spec) -> {
      String name = unique(names, base + "_" + arg.replaceAll("[^A-Za-z0-9_.]", "_"));
      graph.addNode(NodeDef.newBuilder().setName(name).setOp("Placeholder")
          .putAttr("dtype", AttrValue.newBuilder().setType(spec.getDtype()).build())
          .putAttr("shape", AttrValue.newBuilder().setShape(spec.getShape()).build()));
      node.addInput(name);
      sig.putInputs(arg, TensorInfo.newBuilder().setName(name + ":0").setDtype(spec.getDtype())
          .setTensorShape(spec.getShape()).build());
    });
    call.captures().forEach(node::addInput);
    int[] index = {0};
    call.outputs().forEach((out, spec) -> {
      sig.putOutputs(out, TensorInfo.newBuilder().setName(base + ":" + index[0]++)
          .setDtype(spec.getDtype()).setTensorShape(spec.getShape()).build());
    });
    graph.addNode(node.putAttr("Tin", AttrValue.newBuilder().setList(tin).build())
        .putAttr("Tout", AttrValue.newBuilder().setList(tout).build())
        .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function))
            .build())
        .putAttr("config", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.EMPTY)
            .build())
        .putAttr("config_proto", AttrValue.newBuilder()
            .setS(com.google.protobuf.ByteString.EMPTY).build())
        .putAttr("executor_type", AttrValue.newBuilder()
            .setS(com.google.protobuf.ByteString.EMPTY).build()));
    return sig.build();
  }

  private static String unique(Set<String> names, String base) {
    String name = base;
    for (int i = 1; names.contains(name); i++) {
      name = base + "_" + i;
    }
    names.add(name);
    return name;
  }
}
