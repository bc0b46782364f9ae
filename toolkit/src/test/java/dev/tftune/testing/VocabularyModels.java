package dev.tftune.testing;

import com.google.protobuf.ByteString;
import dev.tftune.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.HashTable;
import org.tensorflow.op.core.InitializeTableFromTextFile;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * SavedModels that look words up in a hash table filled from {@code assets/vocab.txt} by their
 * init op: features = the word's line in the vocabulary (-1 when absent), as float [-1, 1].
 * The TF1 flavour looks up in the graph; the TF2 flavour calls a function that takes the table
 * as a resource argument (as {@code tf.saved_model.save} writes it) and has an object graph.
 */
public final class VocabularyModels {
  public static final List<String> VOCABULARY = List.of("the", "cat", "sat", "on", "mat");

  private VocabularyModels() {}

  public static Path write(Path dir, boolean tf2) throws IOException {
    GraphDef graph;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TString> words = tf.withName("words").placeholder(TString.class,
          Placeholder.shape(Shape.of(-1)));
      HashTable table = tf.withName("table").hashTable(TString.class, TInt64.class,
          HashTable.sharedName("vocabulary"));
      InitializeTableFromTextFile fill = tf.initializeTableFromTextFile(table,
          tf.withName("vocab_path").constant("vocab.txt"), -2L, -1L);
      tf.withName("init_tables").withControlDependencies(List.of(fill)).noOp();
      Operand<TInt64> ids = tf2
          ? tf.withName("lookup").placeholder(TInt64.class) // replaced by the call below
          : tf.withName("lookup").lookupTableFind(table, words, tf.constant(-1L));
      tf.withName("features").reshape(tf.dtypes.cast(ids, TFloat32.class),
          tf.constant(new long[] {-1, 1}));
      graph = g.toGraphDef();
    }
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder();
    meta.getMetaInfoDefBuilder().addTags("serve");
    if (tf2) {
      graph = withLookupFunction(graph);
      meta.setObjectGraphDef(SavedObjectGraph.newBuilder().addNodes(SavedObject.newBuilder()
          .setUserObject(SavedUserObject.newBuilder().setIdentifier("_generic_user_object"))));
    }
    meta.setGraphDef(graph)
        .putSignatureDef("serving_default", SignatureDef.newBuilder()
            .setMethodName("tensorflow/serving/predict")
            .putInputs("words", TensorInfo.newBuilder().setName("words:0")
                .setDtype(DataType.DT_STRING).setTensorShape(shape(-1)).build())
            .putOutputs("features", TensorInfo.newBuilder().setName("features:0")
                .setDtype(DataType.DT_FLOAT).setTensorShape(shape(-1, 1)).build()).build())
        .putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder()
            .putOutputs("__saved_model_init_op", TensorInfo.newBuilder().setName("init_tables")
                .build()).build())
        .addAssetFileDef(AssetFileDef.newBuilder().setFilename("vocab.txt")
            .setTensorInfo(TensorInfo.newBuilder().setName("vocab_path:0")));
    Files.createDirectories(dir.resolve("assets"));
    Files.createDirectories(dir.resolve("variables"));
    Files.writeString(dir.resolve("assets/vocab.txt"), String.join("\n", VOCABULARY) + "\n",
        StandardCharsets.UTF_8);
    Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder()
        .setSavedModelSchemaVersion(1).addMetaGraphs(meta).build().toByteArray());
    return dir;
  }

  /** Words labelled 1 when they come late in the vocabulary (or are unknown: 0). */
  public static Dataset words(List<String> words) {
    return new Dataset() {
      @Override
      public int size() {
        return words.size();
      }

      @Override
      public int label(int index) {
        return VOCABULARY.indexOf(words.get(index)) >= 2 ? 1 : 0;
      }

      @Override
      public List<String> classNames() {
        return List.of("early", "late");
      }

      @Override
      public List<String> inputKeys() {
        return List.of("words");
      }

      @Override
      public Map<String, Tensor> batch(int[] indices, int rows) {
        var batch = NdArrays.ofObjects(String.class, Shape.of(rows));
        for (int r = 0; r < rows; r++) {
          batch.setObject(r < indices.length ? words.get(indices[r]) : "", r);
        }
        return Map.of("words", TString.tensorOf(batch));
      }
    };
  }

  /** The lookup moved into a function called with the words and the table's handle. */
  private static GraphDef withLookupFunction(GraphDef graph) {
    String function = "__inference_lookup_words_7";
    FunctionDef lookup = FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName(function).setIsStateful(true)
            .addInputArg(OpDef.ArgDef.newBuilder().setName("words").setType(DataType.DT_STRING))
            .addInputArg(OpDef.ArgDef.newBuilder().setName("table")
                .setType(DataType.DT_RESOURCE))
            .addOutputArg(OpDef.ArgDef.newBuilder().setName("ids").setType(DataType.DT_INT64)))
        .addNodeDef(NodeDef.newBuilder().setName("missing").setOp("Const")
            .putAttr("dtype", type(DataType.DT_INT64))
            .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_INT64).setTensorShape(shape()).addInt64Val(-1)).build()))
        .addNodeDef(NodeDef.newBuilder().setName("find").setOp("LookupTableFindV2")
            .addInput("table").addInput("words").addInput("missing:output:0")
            .putAttr("Tin", type(DataType.DT_STRING)).putAttr("Tout", type(DataType.DT_INT64)))
        .putRet("ids", "find:values:0").build();
    GraphDef.Builder b = graph.toBuilder();
    b.getLibraryBuilder().addFunction(lookup);
    for (NodeDef.Builder n : b.getNodeBuilderList()) {
      if (n.getName().equals("lookup")) {
        n.clear().setName("lookup").setOp("StatefulPartitionedCall").addInput("words")
            .addInput("table")
            .putAttr("Tin", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addType(DataType.DT_STRING).addType(DataType.DT_RESOURCE)).build())
            .putAttr("Tout", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addType(DataType.DT_INT64)).build())
            .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder()
                .setName(function)).build())
            .putAttr("config", AttrValue.newBuilder().setS(ByteString.EMPTY).build())
            .putAttr("config_proto", AttrValue.newBuilder().setS(ByteString.EMPTY).build())
            .putAttr("executor_type", AttrValue.newBuilder().setS(ByteString.EMPTY).build());
      }
    }
    return b.build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (long d : dims) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }
}
