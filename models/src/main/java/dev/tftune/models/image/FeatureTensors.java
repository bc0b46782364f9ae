package dev.tftune.models.image;

import dev.tftune.TftuneException;
import dev.tftune.graph.GraphIndex;
import dev.tftune.graph.Graphs;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.TensorInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.NodeDef;

/**
 * Finds the tensor a new head should attach to in an image classifier: the last global pooling
 * before its final dense layer (ResNet, EfficientNet and MobileNet end that way), else the input
 * of that dense layer.
 */
public final class FeatureTensors {
  private static final Set<String> REDUCTIONS = Set.of("Mean", "Max");
  private static final Set<String> POOLS = Set.of("AvgPool", "MaxPool");

  private FeatureTensors() {}

  /**
   * A feature tensor and why it was chosen.
   *
   * @param tensor the tensor name, for {@code FineTuner.features}
   * @param reason how it was found, for the log
   */
  public record Found(String tensor, String reason) {}

  /**
   * Walks up from the default signature's outputs, nearest ops first.
   *
   * @throws TftuneException when neither a global pooling nor a dense layer is found
   */
  public static Found find(BaseModel base) {
    GraphIndex index = GraphIndex.of(base.metaGraph().getGraphDef());
    Deque<String> queue = new ArrayDeque<>();
    base.defaultSignature().outputs().values().stream().map(TensorInfo::opName)
        .forEach(queue::add);
    Set<String> seen = new HashSet<>(queue);
    String denseInput = null;
    while (!queue.isEmpty()) {
      String name = queue.poll();
      NodeDef node = index.node(name);
      if (node != null) {
        if (isGlobalPooling(base, node)) {
          // authors name the pooling with an Identity after it (final_reduce_mean): prefer it
          String named = name;
          while (index.consumers(named).size() == 1
              && index.node(index.consumers(named).get(0)).getOp().equals("Identity")) {
            named = index.consumers(named).get(0);
          }
          return new Found(named + ":0", "the global " + node.getOp().toLowerCase()
              + " pooling before the model's outputs (" + named + ")");
        }
        if (denseInput == null && node.getOp().equals("MatMul")) {
          denseInput = node.getInput(0);
        }
      }
      for (String in : index.inputs(name)) {
        if (seen.add(in)) {
          queue.add(in);
        }
      }
    }
    if (denseInput != null) {
      String tensor = denseInput.contains(":") ? denseInput : denseInput + ":0";
      return new Found(tensor, "the input of the last dense layer (" + Graphs.opName(tensor)
          + ")");
    }
    throw new TftuneException("cannot find a global pooling or a dense layer before the "
        + "outputs of " + base.directory(), "name the feature tensor (FineTuner.Builder."
        + "features), choosing from BaseModel.inspect()")
        .withFixKey(dev.tftune.FixKeys.FEATURES_NOT_FOUND);
  }

  /** A reduction or pooling from rank-4 activations to one value per channel. */
  private static boolean isGlobalPooling(BaseModel base, NodeDef node) {
    if (!REDUCTIONS.contains(node.getOp()) && !POOLS.contains(node.getOp())) {
      return false;
    }
    GraphOperation op = base.graph().operation(node.getName());
    GraphOperation in = op == null ? null
        : base.graph().operation(Graphs.opName(node.getInput(0)));
    if (op == null || in == null) {
      return false;
    }
    Shape input = in.output(0).shape();
    Shape output = op.output(0).shape();
    if (input.isUnknown() || input.numDimensions() != 4 || output.isUnknown()) {
      return false;
    }
    return output.numDimensions() == 2 || (output.numDimensions() == 4 && output.size(1) == 1
        && output.size(2) == 1 && (input.size(1) != 1 || input.size(2) != 1));
  }
}
