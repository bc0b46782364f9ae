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
  static final String SAVED_MODEL_PB = "saved_model.pb";

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

  /** Every variable op of the graph, in graph order. */
  public static List<VariableInfo> variables(GraphDef graph) {
    List<VariableInfo> out = new ArrayList<>();
    for (NodeDef n : graph.getNodeList()) {
      VariableKind kind = VariableKind.ofOpType(n.getOp());
      if (kind != null) {
        long[] shape = n.containsAttr("shape")
            ? DataTypes.dims(n.getAttrOrThrow("shape").getShape())
            : null;
        out.add(new VariableInfo(n.getName(), shape == null ? new long[0] : shape,
            DataTypes.name(n.getAttrOrThrow("dtype").getType()), kind));
      }
    }
    return out;
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
