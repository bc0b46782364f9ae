package dev.tftune.models.image;

import dev.tftune.TftuneException;
import dev.tftune.graph.GraphIndex;
import dev.tftune.graph.Graphs;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.savedmodel.VariableInfo;
import dev.tftune.train.TrainingPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.tensorflow.proto.NodeDef;

/**
 * The residual blocks of a ResNet-style graph, found from its structure rather than its variable
 * names: a residual connection is an {@code Add} whose two inputs both carry activations (both
 * come from the model's input), on the path to the feature tensor. Each variable belongs to the
 * first residual connection it feeds; variables past the last one (a final normalization) go
 * with the top block. Only variables gradients can train are listed (no BatchNorm moving
 * statistics).
 */
public final class ResidualBlocks {
  private static final Set<String> ADDS = Set.of("Add", "AddV2");

  private final List<List<String>> blocks;

  private ResidualBlocks(List<List<String>> blocks) {
    this.blocks = blocks;
  }

  /**
   * Analyses the path from the default signature's inputs to a feature tensor.
   *
   * @throws TftuneException when the path has no residual connection
   */
  public static ResidualBlocks find(BaseModel base, String featureTensor) {
    GraphIndex index = GraphIndex.of(base.metaGraph().getGraphDef());
    List<String> inputs = base.defaultSignature().inputs().values().stream()
        .map(TensorInfo::opName).toList();
    Set<String> activations = index.downstream(inputs);
    String features = Graphs.opName(base.tensor(featureTensor).op().name());
    Set<String> beforeFeatures = index.upstream(List.of(features));
    List<String> adds = new ArrayList<>();
    for (String name : beforeFeatures) {
      NodeDef node = index.node(name);
      if (node != null && ADDS.contains(node.getOp()) && activations.contains(name)
          && index.inputs(name).size() == 2
          && activations.containsAll(index.inputs(name))) {
        adds.add(name);
      }
    }
    if (adds.isEmpty()) {
      throw new TftuneException("the graph has no residual connections before " + featureTensor,
          "train variables by name (TrainingPlan.matching)")
          .withFixKey(dev.tftune.FixKeys.BLOCKS_NONE);
    }
    // an add's upstream holds every earlier add: their count orders the blocks
    adds.sort(Comparator.comparingInt(a -> (int) index.upstream(List.of(a)).stream()
        .filter(adds::contains).count()));
    List<List<String>> blocks = new ArrayList<>();
    adds.forEach(a -> blocks.add(new ArrayList<>()));
    for (VariableInfo v : base.variables()) {
      if (!beforeFeatures.contains(v.name()) || !TrainingPlan.trainable(v)) {
        continue;
      }
      Set<String> fed = index.downstream(List.of(v.name()));
      int block = adds.size() - 1;
      for (int i = 0; i < adds.size(); i++) {
        if (fed.contains(adds.get(i))) {
          block = i;
          break;
        }
      }
      blocks.get(block).add(v.name());
    }
    return new ResidualBlocks(blocks.stream().map(List::copyOf).toList());
  }

  /** Number of residual blocks. */
  public int count() {
    return blocks.size();
  }

  /** Variable names of each block, from the input side. */
  public List<List<String>> blocks() {
    return blocks;
  }

  /**
   * A plan that trains the top {@code n} blocks.
   *
   * @throws TftuneException when n exceeds the number of blocks
   */
  public TrainingPlan unfreezeTop(int n) {
    if (n < 0 || n > blocks.size()) {
      throw new TftuneException("cannot unfreeze the top " + n + " blocks of a model with "
          + blocks.size(), "unfreeze between 0 and " + blocks.size() + " blocks")
          .withFixKey(dev.tftune.FixKeys.UNFREEZE_TOO_MANY, blocks.size());
    }
    if (n == 0) {
      return TrainingPlan.headOnly();
    }
    List<String> patterns = new ArrayList<>();
    for (List<String> block : blocks.subList(blocks.size() - n, blocks.size())) {
      block.forEach(name -> patterns.add("^" + Pattern.quote(name) + "$"));
    }
    return TrainingPlan.matching(patterns);
  }
}
