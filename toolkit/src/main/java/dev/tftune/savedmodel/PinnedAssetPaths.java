package dev.tftune.savedmodel;

import dev.tftune.graph.DataTypes;
import dev.tftune.graph.GraphRewrite;
import dev.tftune.graph.Graphs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Turns each asset's path tensor into a constant holding the asset's absolute path in the
 * model's own folder, and drops the asset list TF's loader would feed.
 *
 * <p>A rewritten graph is loaded from a temporary folder, so the loader would feed paths into
 * that folder to the init op (a TF2 model stores them in variables, a table reads its file),
 * and the folder is gone once the model is in memory.
 */
final class PinnedAssetPaths implements GraphRewrite {
  private final Path assets;

  PinnedAssetPaths(Path modelDir) {
    this.assets = modelDir.toAbsolutePath().normalize().resolve("assets");
  }

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    Map<String, String> paths = new HashMap<>();
    for (var e : Initialization.assetDefs(metaGraph.build()).entrySet()) {
      if (!e.getKey().endsWith(":0") && e.getKey().contains(":")) {
        return Optional.empty();
      }
      paths.put(Graphs.opName(e.getKey()), assets.resolve(e.getValue()).toString());
    }
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    for (NodeDef node : metaGraph.getGraphDef().getNodeList()) {
      if (paths.containsKey(node.getName())
          && !List.of("Const", "Placeholder", "PlaceholderWithDefault").contains(node.getOp())) {
        return Optional.empty(); // computed paths: the loader's feeding is all that works
      }
    }
    for (NodeDef.Builder node : metaGraph.getGraphDefBuilder().getNodeBuilderList()) {
      String path = paths.get(node.getName());
      if (path != null) {
        node.setOp("Const").clearInput().clearAttr()
            .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
            .putAttr("value", DataTypes.stringScalar(path));
      }
    }
    metaGraph.clearAssetFileDef();
    metaGraph.removeCollectionDef(Initialization.ASSETS_COLLECTION);
    return Optional.of("asset paths pinned to " + assets + ": " + paths.keySet());
  }
}
