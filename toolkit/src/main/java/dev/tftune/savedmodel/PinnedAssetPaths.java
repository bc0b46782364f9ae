package dev.tftune.savedmodel;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tftune.graph.GraphRewrite;
import dev.tftune.graph.Graphs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Turns each asset's path tensor into a constant holding the asset's absolute path in the
 * model's own folder, and drops the asset list TF's loader would feed.
 *
 * <p>A rewritten graph is loaded from a temporary folder, so the loader would feed paths into
 * that folder to the init op (a TF2 model stores them in variables, a table reads its file),
 * and the folder is gone once the model is in memory.
 */
final class PinnedAssetPaths implements GraphRewrite {
  /** The collection TF1 exports list their assets in. */
  private static final String ASSETS_COLLECTION = "saved_model_assets";

  private final Path assets;

  PinnedAssetPaths(Path modelDir) {
    this.assets = modelDir.toAbsolutePath().normalize().resolve("assets");
  }

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    List<AssetFileDef> all = new ArrayList<>(metaGraph.getAssetFileDefList());
    CollectionDef collection = metaGraph.getCollectionDefMap().get(ASSETS_COLLECTION);
    if (collection != null) {
      for (var any : collection.getAnyList().getValueList()) {
        try {
          all.add(any.unpack(AssetFileDef.class));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty(); // not asset definitions: let the loader handle them
        }
      }
    }
    Map<String, String> paths = new HashMap<>();
    for (AssetFileDef a : all) {
      String tensor = a.getTensorInfo().getName();
      if (!tensor.endsWith(":0") && tensor.contains(":")) {
        return Optional.empty();
      }
      paths.put(Graphs.opName(tensor), assets.resolve(a.getFilename()).toString());
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
            .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_STRING).setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(ByteString.copyFromUtf8(path))).build());
      }
    }
    metaGraph.clearAssetFileDef();
    metaGraph.removeCollectionDef(ASSETS_COLLECTION);
    return Optional.of("asset paths pinned to " + assets + ": " + paths.keySet());
  }
}
