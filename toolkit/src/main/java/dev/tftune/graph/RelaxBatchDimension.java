package dev.tftune.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Turns a batch dimension baked into the signature inputs (the ResNet-32 fixture takes exactly
 * 128 images) into a dynamic one. Whether the rest of the graph allows it is only known by
 * running it, so the loader checks the result and falls back to padding when it fails.
 *
 * <p>The importer trusts the {@code _output_shapes} attributes stored on nodes, which still
 * carry the old batch size, so they are dropped from every node.
 */
public final class RelaxBatchDimension implements GraphRewrite {

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    Map<String, Long> fixedInputs = new HashMap<>();
    for (SignatureDef sig : metaGraph.getSignatureDefMap().values()) {
      for (TensorInfo in : sig.getInputsMap().values()) {
        long[] dims = in.hasTensorShape() ? DataTypes.dims(in.getTensorShape()) : null;
        if (dims != null && dims.length > 0 && dims[0] > 0) {
          fixedInputs.put(Graphs.opName(in.getName()), dims[0]);
        }
      }
    }
    List<String> relaxed = new ArrayList<>();
    var graph = metaGraph.getGraphDefBuilder();
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      Long batch = fixedInputs.get(node.getName());
      if (batch != null && node.getOp().equals("Placeholder") && node.containsAttr("shape")) {
        TensorShapeProto shape = node.getAttrOrThrow("shape").getShape();
        node.putAttr("shape", AttrValue.newBuilder().setShape(withDynamicBatch(shape)).build());
        relaxed.add(node.getName() + " (" + batch + " -> -1)");
      }
    }
    if (relaxed.isEmpty()) {
      return Optional.empty();
    }
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      node.removeAttr("_output_shapes");
    }
    long batch = fixedInputs.values().iterator().next();
    for (String key : List.copyOf(metaGraph.getSignatureDefMap().keySet())) {
      SignatureDef.Builder sig = metaGraph.getSignatureDefMap().get(key).toBuilder();
      Map<String, TensorInfo> inputs = relaxSignature(sig.getInputsMap(), batch);
      Map<String, TensorInfo> outputs = relaxSignature(sig.getOutputsMap(), batch);
      sig.clearInputs().putAllInputs(inputs).clearOutputs().putAllOutputs(outputs);
      metaGraph.putSignatureDef(key, sig.build());
    }
    return Optional.of("relaxed the fixed batch dimension of " + String.join(", ", relaxed));
  }

  private static Map<String, TensorInfo> relaxSignature(Map<String, TensorInfo> tensors,
      long batch) {
    Map<String, TensorInfo> out = new HashMap<>();
    tensors.forEach((key, t) -> {
      boolean fixed = t.hasTensorShape() && t.getTensorShape().getDimCount() > 0
          && t.getTensorShape().getDim(0).getSize() == batch;
      out.put(key, fixed
          ? t.toBuilder().setTensorShape(withDynamicBatch(t.getTensorShape())).build() : t);
    });
    return out;
  }

  private static TensorShapeProto withDynamicBatch(TensorShapeProto shape) {
    return shape.toBuilder().setDim(0, shape.getDim(0).toBuilder().setSize(-1)).build();
  }
}
