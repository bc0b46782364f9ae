package dev.tftune.savedmodel;

import dev.tftune.graph.DataTypes;
import dev.tftune.graph.Graphs;
import dev.tftune.graph.VariableKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/** Reads {@code saved_model.pb} and the facts inspection needs from its meta graph. */
public final class MetaGraphs {
  /** The file a SavedModel folder holds its graphs and signatures in. */
  public static final String SAVED_MODEL_PB = "saved_model.pb";

  private MetaGraphs() {}

  /**
   * The meta graph of a SavedModel folder that carries all the given tags; with no tags, the
   * one tagged {@code serve}, or the only one.
   *
   * @throws SavedModelException when the folder, the file or the tags are not there
   */
  public static MetaGraphDef read(Path dir, List<String> tags) {
    if (!Files.isDirectory(dir)) {
      throw new SavedModelException("model folder " + dir + " does not exist",
          "pass the folder that holds saved_model.pb");
    }
    Path pb = dir.resolve(SAVED_MODEL_PB);
    if (!Files.isRegularFile(pb)) {
      String hint = Files.exists(dir.resolve("saved_model.pbtxt"))
          ? "convert saved_model.pbtxt to the binary saved_model.pb"
          : "pass the folder that holds saved_model.pb (a version folder such as "
              + dir.resolve("1") + " for TF Serving layouts)";
      throw new SavedModelException("no saved_model.pb in " + dir, hint);
    }
    SavedModel model;
    try {
      model = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (IOException e) {
      throw new SavedModelException("cannot read " + pb + ": " + e.getMessage(),
          "check that the file is a complete binary SavedModel", e);
    }
    if (model.getMetaGraphsCount() == 0) {
      throw new SavedModelException(pb + " holds no meta graph", "re-export the model");
    }
    List<String> wanted = tags == null || tags.isEmpty() ? List.of("serve") : tags;
    for (MetaGraphDef mg : model.getMetaGraphsList()) {
      if (mg.getMetaInfoDef().getTagsList().containsAll(wanted)) {
        return mg;
      }
    }
    if ((tags == null || tags.isEmpty()) && model.getMetaGraphsCount() == 1) {
      return model.getMetaGraphs(0);
    }
    List<List<String>> available = model.getMetaGraphsList().stream()
        .map(m -> (List<String>) m.getMetaInfoDef().getTagsList()).toList();
    throw new SavedModelException("no meta graph tagged " + wanted + " in " + dir,
        "choose one of the tag sets " + available);
  }

  /** TF2 models carry an object graph; TF1 graphs do not. */
  public static ModelFormat format(MetaGraphDef metaGraph) {
    return metaGraph.hasObjectGraphDef() && metaGraph.getObjectGraphDef().getNodesCount() > 0
        ? ModelFormat.TF2 : ModelFormat.TF1;
  }

  /**
   * For TF2 models, where each variable lives in the saved object graph: variable name to the
   * path of attribute names from the root object ({@code layer_with_weights-0/kernel},
   * {@code variable}), the names the Python code used. Empty for TF1 graphs.
   */
  public static Map<String, String> objectPaths(MetaGraphDef metaGraph) {
    var graph = metaGraph.getObjectGraphDef();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (graph.getNodesCount() == 0) {
      return out;
    }
    // breadth first from the root: the first path found is the shortest
    String[] paths = new String[graph.getNodesCount()];
    paths[0] = "";
    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(0));
    while (!queue.isEmpty()) {
      int id = queue.poll();
      var node = graph.getNodes(id);
      if (node.hasVariable()) {
        String name = node.getVariable().getName().replaceFirst(":0$", "");
        out.putIfAbsent(name, paths[id]);
      }
      for (var child : node.getChildrenList()) {
        int c = child.getNodeId();
        if (c < paths.length && paths[c] == null) {
          paths[c] = paths[id].isEmpty() ? child.getLocalName()
              : paths[id] + "/" + child.getLocalName();
          queue.add(c);
        }
      }
    }
    return out;
  }

  /**
   * Signatures in key order, without TF2's internal ones ({@code __saved_model_init_op}), which
   * name ops to run, not computations to call.
   */
  public static Map<String, SignatureInfo> signatures(MetaGraphDef metaGraph) {
    Map<String, SignatureInfo> out = new LinkedHashMap<>();
    new TreeMap<>(metaGraph.getSignatureDefMap()).forEach((key, sig) -> {
      if (!Graphs.isInternalSignature(key)) {
        out.put(key, new SignatureInfo(key, sig.getMethodName(), tensors(sig.getInputsMap()),
            tensors(sig.getOutputsMap())));
      }
    });
    return out;
  }

  private static Map<String, TensorInfo> tensors(Map<String, org.tensorflow.proto.TensorInfo> in) {
    Map<String, TensorInfo> out = new TreeMap<>();
    in.forEach((key, t) -> out.put(key, new TensorInfo(t.getName(), DataTypes.name(t.getDtype()),
        t.hasTensorShape() ? DataTypes.dims(t.getTensorShape()) : null)));
    return out;
  }

  /**
   * Every variable op of the graph, in graph order, each marked trainable unless the model says
   * otherwise (see {@link #untrainable}).
   */
  public static List<VariableInfo> variables(MetaGraphDef metaGraph) {
    java.util.Set<String> untrainable = untrainable(metaGraph);
    List<VariableInfo> out = new ArrayList<>();
    for (NodeDef n : metaGraph.getGraphDef().getNodeList()) {
      VariableKind kind = VariableKind.ofOpType(n.getOp());
      if (kind != null) {
        long[] shape = n.containsAttr("shape")
            ? DataTypes.dims(n.getAttrOrThrow("shape").getShape())
            : null;
        out.add(new VariableInfo(n.getName(), shape == null ? new long[0] : shape,
            DataTypes.name(n.getAttrOrThrow("dtype").getType()), kind,
            !untrainable.contains(n.getName())));
      }
    }
    return out;
  }

  /**
   * Names of the variables the model marks as not trained. TF2: those whose {@code
   * SavedVariable.trainable} is false (optimizer slots, step counters, metric totals, BatchNorm
   * moving statistics) and every optimizer slot the object graph references. TF1: those left out
   * of the {@code trainable_variables} collection. A model that marks none trainable (an old or
   * hand-written export) marks nothing: the flag was not written.
   */
  static java.util.Set<String> untrainable(MetaGraphDef metaGraph) {
    java.util.Set<String> marked = new java.util.HashSet<>();
    java.util.Set<String> all = new java.util.HashSet<>();
    var objects = metaGraph.getObjectGraphDef();
    if (objects.getNodesCount() > 0) {
      java.util.Set<Integer> slots = new java.util.HashSet<>();
      objects.getNodesList().forEach(node -> node.getSlotVariablesList()
          .forEach(ref -> slots.add(ref.getSlotVariableNodeId())));
      boolean anyTrainable = false;
      for (int id = 0; id < objects.getNodesCount(); id++) {
        var node = objects.getNodes(id);
        if (node.hasVariable()) {
          String name = node.getVariable().getName().replaceFirst(":0$", "");
          boolean trains = node.getVariable().getTrainable() && !slots.contains(id);
          anyTrainable |= trains;
          if (trains) {
            marked.add(name);
          }
          all.add(name);
        }
      }
      if (!anyTrainable) {
        return java.util.Set.of();
      }
    } else {
      var collection = metaGraph.getCollectionDefMap().get("trainable_variables");
      if (collection == null || collection.getBytesList().getValueCount() == 0) {
        return java.util.Set.of();
      }
      for (var bytes : collection.getBytesList().getValueList()) {
        try {
          marked.add(org.tensorflow.proto.VariableDef.parseFrom(bytes).getVariableName()
              .replaceFirst(":0$", ""));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          // a collection TensorFlow cannot read either: trust no flag
          return java.util.Set.of();
        }
      }
      metaGraph.getGraphDef().getNodeList().stream()
          .filter(n -> VariableKind.ofOpType(n.getOp()) != null).forEach(n -> all.add(n.getName()));
    }
    all.removeAll(marked);
    return all;
  }

  /** Op type to count. */
  public static SortedMap<String, Integer> opCensus(GraphDef graph) {
    SortedMap<String, Integer> census = new TreeMap<>();
    for (NodeDef n : graph.getNodeList()) {
      census.merge(n.getOp(), 1, Integer::sum);
    }
    return census;
  }
}
