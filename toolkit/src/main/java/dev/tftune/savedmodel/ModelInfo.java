package dev.tftune.savedmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What {@code tftune inspect} shows about a SavedModel.
 *
 * @param format tf1 or tf2
 * @param tags the tags of the loaded meta graph
 * @param signatures signature key to its inputs and outputs
 * @param variables every variable of the graph
 * @param ops op type to the number of such ops in the graph
 * @param missingGradients op types between the inputs or variables and the signature outputs
 *     that cannot be differentiated, after tftune's own gradients are registered
 * @param rewrites what the import changed in the graph, empty when nothing
 * @param objectPaths TF2 only: variable name to its path in the saved object graph
 */
public record ModelInfo(ModelFormat format, List<String> tags, Map<String, SignatureInfo> signatures,
    List<VariableInfo> variables, SortedMap<String, Integer> ops, SortedSet<String> missingGradients,
    List<String> rewrites, Map<String, String> objectPaths) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Total number of variable elements. */
  public long parameterCount() {
    return variables.stream().mapToLong(VariableInfo::size).sum();
  }

  /** The JSON form: keys {@code format, tags, signatures, variables, ops, missingGradients}. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", format.toString());
    tags.forEach(root.putArray("tags")::add);
    ObjectNode sigs = root.putObject("signatures");
    new TreeMap<>(signatures).forEach((key, sig) -> {
      ObjectNode s = sigs.putObject(key);
      s.put("methodName", sig.methodName());
      putTensors(s.putObject("inputs"), sig.inputs());
      putTensors(s.putObject("outputs"), sig.outputs());
    });
    ArrayNode vars = root.putArray("variables");
    for (VariableInfo v : variables) {
      ObjectNode n = vars.addObject();
      n.put("name", v.name());
      ArrayNode shape = n.putArray("shape");
      for (long d : v.shape()) {
        shape.add(d);
      }
      n.put("dtype", v.dtype());
      n.put("kind", v.kind().toString());
      n.put("trainable", v.trainable());
      if (objectPaths.containsKey(v.name())) {
        n.put("objectPath", objectPaths.get(v.name()));
      }
    }
    ObjectNode opsNode = root.putObject("ops");
    ops.forEach(opsNode::put);
    missingGradients.forEach(root.putArray("missingGradients")::add);
    rewrites.forEach(root.putArray("rewrites")::add);
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putTensors(ObjectNode node, Map<String, TensorInfo> tensors) {
    new TreeMap<>(tensors).forEach((key, t) -> {
      ObjectNode n = node.putObject(key);
      n.put("name", t.name());
      n.put("dtype", t.dtype());
      if (t.shape() == null) {
        n.putNull("shape");
      } else {
        ArrayNode shape = n.putArray("shape");
        for (long d : t.shape()) {
          shape.add(d);
        }
      }
    });
  }
}
