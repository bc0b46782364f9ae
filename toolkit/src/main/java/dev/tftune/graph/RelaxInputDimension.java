package dev.tftune.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Turns a dimension baked into signature inputs into a dynamic one: the batch of the ResNet-32
 * fixture (exactly 128 images), or the sequence length of BERT graphs (exactly 128 tokens).
 * Whether the rest of the graph allows it is only known by running it, so callers check the
 * result and fall back to the original graph when it fails.
 *
 * <p>The importer trusts the {@code _output_shapes} attributes stored on nodes, which still
 * carry the old size, so they are dropped from every node. For the batch axis, signature outputs
 * that carried the same fixed batch are relaxed with the inputs.
 */
public final class RelaxInputDimension implements GraphRewrite {
  private final int axis;
  private final Set<String> inputKeys;
  private final String what;

  private RelaxInputDimension(int axis, Set<String> inputKeys, String what) {
    this.axis = axis;
    this.inputKeys = inputKeys == null ? null : Set.copyOf(inputKeys);
    this.what = what;
  }

  /** Relaxes axis 0 of every signature input. */
  public static RelaxInputDimension batch() {
    return new RelaxInputDimension(0, null, "batch dimension");
  }

  /**
   * Relaxes one axis of some signature inputs.
   *
   * @param axis the dimension to make dynamic
   * @param inputKeys signature input keys whose tensors change
   * @param what how messages call the dimension, such as "sequence length"
   */
  public static RelaxInputDimension of(int axis, Set<String> inputKeys, String what) {
    return new RelaxInputDimension(axis, inputKeys, what);
  }

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    Map<String, Long> fixedInputs = new HashMap<>();
    for (SignatureDef sig : metaGraph.getSignatureDefMap().values()) {
      sig.getInputsMap().forEach((key, in) -> {
        long[] dims = in.hasTensorShape() ? DataTypes.dims(in.getTensorShape()) : null;
        if ((inputKeys == null || inputKeys.contains(key)) && dims != null && dims.length > axis
            && dims[axis] > 0) {
          fixedInputs.put(Graphs.opName(in.getName()), dims[axis]);
        }
      });
    }
    List<String> relaxed = new ArrayList<>();
    var graph = metaGraph.getGraphDefBuilder();
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      Long size = fixedInputs.get(node.getName());
      if (size != null && node.getOp().equals("Placeholder") && node.containsAttr("shape")) {
        TensorShapeProto shape = node.getAttrOrThrow("shape").getShape();
        node.putAttr("shape", AttrValue.newBuilder().setShape(dynamic(shape)).build());
        relaxed.add(node.getName() + " (" + size + " -> -1)");
      }
    }
    if (relaxed.isEmpty()) {
      return Optional.empty();
    }
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      node.removeAttr("_output_shapes");
    }
    long size = fixedInputs.values().iterator().next();
    for (String key : List.copyOf(metaGraph.getSignatureDefMap().keySet())) {
      SignatureDef.Builder sig = metaGraph.getSignatureDefMap().get(key).toBuilder();
      Map<String, TensorInfo> inputs = relaxSignature(sig.getInputsMap(), size, true);
      // only the batch is shared by every output; another axis of that size may mean anything
      Map<String, TensorInfo> outputs = axis == 0
          ? relaxSignature(sig.getOutputsMap(), size, false)
          : new HashMap<>(sig.getOutputsMap());
      sig.clearInputs().putAllInputs(inputs).clearOutputs().putAllOutputs(outputs);
      metaGraph.putSignatureDef(key, sig.build());
    }
    return Optional.of("relaxed the fixed " + what + " of " + String.join(", ", relaxed));
  }

  private Map<String, TensorInfo> relaxSignature(Map<String, TensorInfo> tensors, long size,
      boolean inputs) {
    Map<String, TensorInfo> out = new HashMap<>();
    tensors.forEach((key, t) -> {
      boolean chosen = !inputs || inputKeys == null || inputKeys.contains(key);
      boolean fixed = chosen && t.hasTensorShape() && t.getTensorShape().getDimCount() > axis
          && t.getTensorShape().getDim(axis).getSize() == size;
      out.put(key, fixed ? t.toBuilder().setTensorShape(dynamic(t.getTensorShape())).build() : t);
    });
    return out;
  }

  private TensorShapeProto dynamic(TensorShapeProto shape) {
    return shape.toBuilder().setDim(axis, shape.getDim(axis).toBuilder().setSize(-1)).build();
  }
}
