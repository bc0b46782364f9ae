package dev.tftune.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Lets the BatchNorm layers of an inference graph run in training mode on demand. Each
 * {@code FusedBatchNorm*} node N with {@code is_training=false} becomes a {@code SelectV2} under
 * the same name between two copies: {@code N/tftune_inference} (the original, moving
 * statistics) and {@code N/tftune_training} (batch statistics, whose outputs 1 and 2 are the
 * batch mean and variance). A boolean {@link #FLAG}, false unless fed, chooses; exports and
 * evaluation leave it false. Nodes whose other outputs are used are left alone.
 */
public final class BatchNormSwitch implements GraphRewrite {
  /** The boolean placeholder (default false) that switches BatchNorm to batch statistics. */
  public static final String FLAG = "tftune_batch_norm_training";
  /** Suffix of the training-mode copy of a BatchNorm node. */
  public static final String TRAINING = "/tftune_training";
  /** Suffix of the inference-mode copy (the original node). */
  public static final String INFERENCE = "/tftune_inference";
  private static final Set<String> OPS =
      Set.of("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3");

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    var graph = metaGraph.getGraphDefBuilder();
    Set<String> usesOtherOutputs = new HashSet<>();
    for (NodeDef node : graph.getNodeList()) {
      for (String in : node.getInputList()) {
        String name = in.startsWith("^") ? in.substring(1) : in;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && !name.endsWith(":0")) {
          usesOtherOutputs.add(name.substring(0, colon));
        }
      }
    }
    List<NodeDef> added = new ArrayList<>();
    int switched = 0;
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      if (!OPS.contains(node.getOp()) || usesOtherOutputs.contains(node.getName())
          || !node.containsAttr("is_training") || node.getAttrOrThrow("is_training").getB()) {
        continue;
      }
      String name = node.getName();
      NodeDef original = node.build();
      NodeDef.Builder inference = original.toBuilder().setName(name + INFERENCE)
          .removeAttr("_output_shapes");
      // training mode takes empty population statistics (TensorFlow's contract for the op)
      String empty = name + TRAINING + "/no_statistics";
      NodeDef.Builder training = original.toBuilder().setName(name + TRAINING)
          .removeAttr("_output_shapes")
          .putAttr("is_training", AttrValue.newBuilder().setB(true).build())
          .setInput(3, empty).setInput(4, empty);
      added.add(emptyVector(empty, original.getDevice()));
      added.add(inference.build());
      added.add(training.build());
      node.clearInput().addInput(FLAG).addInput(name + TRAINING).addInput(name + INFERENCE)
          .setOp("SelectV2").clearAttr()
          .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build());
      switched++;
    }
    if (switched == 0) {
      return Optional.empty();
    }
    graph.addAllNode(added);
    graph.addNode(falseConstant(FLAG + "/default"));
    graph.addNode(flag());
    return Optional.of("BatchNorm layers can run on batch statistics when " + FLAG
        + " is fed true (" + switched + " layers)");
  }

  private static NodeDef flag() {
    String value = FLAG + "/default";
    return NodeDef.newBuilder().setName(FLAG).setOp("PlaceholderWithDefault").addInput(value)
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_BOOL).build())
        .putAttr("shape", AttrValue.newBuilder().setShape(TensorShapeProto.getDefaultInstance())
            .build())
        .build();
  }

  private static NodeDef falseConstant(String name) {
    TensorProto no = TensorProto.newBuilder().setDtype(DataType.DT_BOOL)
        .setTensorShape(TensorShapeProto.getDefaultInstance()).addBoolVal(false).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_BOOL).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(no).build()).build();
  }

  private static NodeDef emptyVector(String name, String device) {
    TensorProto empty = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(
            TensorShapeProto.Dim.newBuilder().setSize(0))).build();
    return NodeDef.newBuilder().setName(name).setOp("Const").setDevice(device)
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(empty).build()).build();
  }
}
