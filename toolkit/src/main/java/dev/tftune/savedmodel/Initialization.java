package dev.tftune.savedmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tftune.graph.Graphs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.MetaGraphDef;

/**
 * What a SavedModel runs when it loads, beside restoring variables: its init op (tables filled
 * from vocabulary files, TF2's {@code __saved_model_init_op}) and the asset files it reads.
 * Exports carry both when the exported graph uses what they initialize.
 *
 * @param initOp the op to run after restoring, if any
 * @param assetFiles asset path tensor's op name to the asset file in the model's folder
 */
public record Initialization(Optional<String> initOp, Map<String, Path> assetFiles) {
  /** TF2's init signature key, also the key of its one output. */
  public static final String INIT_SIGNATURE = "__saved_model_init_op";
  /** The collection TF1 SavedModels list their assets in. */
  static final String ASSETS_COLLECTION = "saved_model_assets";

  public static final Initialization NONE = new Initialization(Optional.empty(), Map.of());

  public Initialization {
    assetFiles = Map.copyOf(assetFiles);
  }

  /** A model's initialization as its folder's meta graph declares it. */
  static Initialization of(MetaGraphDef metaGraph, Path dir) {
    Optional<String> op = Optional.empty();
    var init = metaGraph.getSignatureDefMap().get(INIT_SIGNATURE);
    if (init != null && init.containsOutputs(INIT_SIGNATURE)) {
      op = Optional.of(Graphs.opName(init.getOutputsOrThrow(INIT_SIGNATURE).getName()));
    } else {
      for (String collection : new String[] {"saved_model_main_op", "legacy_init_op"}) {
        CollectionDef c = metaGraph.getCollectionDefMap().get(collection);
        if (op.isEmpty() && c != null && c.getNodeList().getValueCount() > 0) {
          op = Optional.of(Graphs.opName(c.getNodeList().getValue(0)));
        }
      }
    }
    Path assets = dir.toAbsolutePath().normalize().resolve("assets");
    Map<String, Path> files = new LinkedHashMap<>();
    assetDefs(metaGraph).forEach((tensor, file) -> files.put(Graphs.opName(tensor),
        assets.resolve(file)));
    return new Initialization(op, files);
  }

  /**
   * Asset path tensors to file names, from the meta graph's asset list or TF1's collection;
   * empty when the collection holds something else.
   */
  static Map<String, String> assetDefs(MetaGraphDef metaGraph) {
    Map<String, String> out = new LinkedHashMap<>();
    metaGraph.getAssetFileDefList().forEach(a -> out.put(a.getTensorInfo().getName(),
        a.getFilename()));
    CollectionDef collection = metaGraph.getCollectionDefMap().get(ASSETS_COLLECTION);
    if (collection != null) {
      for (var any : collection.getAnyList().getValueList()) {
        try {
          AssetFileDef a = any.unpack(AssetFileDef.class);
          out.put(a.getTensorInfo().getName(), a.getFilename());
        } catch (InvalidProtocolBufferException e) {
          return Map.of();
        }
      }
    }
    return out;
  }
}
