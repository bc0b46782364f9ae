package dev.tftune.testing;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
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
import org.tensorflow.proto.VariableDef;

/**
 * Quirks of real exports added to a model the tests wrote, by rewriting its
 * {@code saved_model.pb}: a TF2 {@code save} signature, a {@code trainable_variables} list.
 */
public final class ModelQuirks {
  private static final String SAVED_MODEL_PB = "saved_model.pb";

  private ModelQuirks() {}

  /**
   * Adds a {@code save} signature as Keras exports with train/save/restore functions have one:
   * input {@code checkpoint_path} (a string) into a called function that runs SaveV2 to that
   * path, and an object graph, which makes the model TF2 (so loading inlines the call and
   * checks the result against the original).
   */
  public static Path withSaveSignature(Path dir) {
    FunctionDef save = FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName("save_fn")
            .addInputArg(OpDef.ArgDef.newBuilder().setName("path").setType(DataType.DT_STRING))
            .addOutputArg(OpDef.ArgDef.newBuilder().setName("out").setType(DataType.DT_STRING))
            .setIsStateful(true))
        .addNodeDef(stringConstant("names", "c"))
        .addNodeDef(stringConstant("slices", ""))
        .addNodeDef(NodeDef.newBuilder().setName("value").setOp("Const")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.getDefaultInstance())
                .addFloatVal(1f)).build()))
        .addNodeDef(NodeDef.newBuilder().setName("save").setOp("SaveV2").addInput("path")
            .addInput("names:output:0").addInput("slices:output:0").addInput("value:output:0")
            .putAttr("dtypes", types(DataType.DT_FLOAT)))
        .addNodeDef(NodeDef.newBuilder().setName("done").setOp("Identity").addInput("path")
            .addInput("^save").putAttr("T", type(DataType.DT_STRING)))
        .putRet("out", "done:output:0").build();
    TensorShapeProto scalar = TensorShapeProto.getDefaultInstance();
    AttrValue empty = AttrValue.newBuilder().setS(ByteString.EMPTY).build();
    rewrite(dir, meta -> {
      meta.getGraphDefBuilder().getLibraryBuilder().addFunction(save);
      meta.getGraphDefBuilder()
          .addNode(NodeDef.newBuilder().setName("checkpoint_path").setOp("Placeholder")
              .putAttr("dtype", type(DataType.DT_STRING))
              .putAttr("shape", AttrValue.newBuilder().setShape(scalar).build()))
          .addNode(NodeDef.newBuilder().setName("save_call").setOp("StatefulPartitionedCall")
              .addInput("checkpoint_path").putAttr("Tin", types(DataType.DT_STRING))
              .putAttr("Tout", types(DataType.DT_STRING))
              .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder()
                  .setName("save_fn")).build())
              .putAttr("config", empty).putAttr("config_proto", empty)
              .putAttr("executor_type", empty));
      meta.putSignatureDef("save", SignatureDef.newBuilder()
          .setMethodName("tensorflow/serving/predict")
          .putInputs("checkpoint_path", TensorInfo.newBuilder().setName("checkpoint_path:0")
              .setDtype(DataType.DT_STRING).setTensorShape(scalar).build())
          .putOutputs("output_0", TensorInfo.newBuilder().setName("save_call:0")
              .setDtype(DataType.DT_STRING).setTensorShape(scalar).build()).build());
      meta.setObjectGraphDef(SavedObjectGraph.newBuilder().addNodes(SavedObject.newBuilder()
          .setUserObject(SavedUserObject.newBuilder().setIdentifier("_generic_user_object"))));
    });
    return dir;
  }

  /**
   * Makes loading run an op it would not otherwise: the nodes are added to the graph and the
   * model's init op ({@code __saved_model_init_op}) becomes a NoOp that depends on the last.
   */
  public static Path withInitOp(Path dir, List<NodeDef> nodes) {
    String last = nodes.get(nodes.size() - 1).getName();
    rewrite(dir, meta -> {
      nodes.forEach(meta.getGraphDefBuilder()::addNode);
      meta.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("tftune_test_init")
          .setOp("NoOp").addInput("^" + last));
      meta.putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder()
          .putOutputs("__saved_model_init_op", TensorInfo.newBuilder()
              .setName("tftune_test_init").build()).build());
    });
    return dir;
  }

  /** An init op that kills the process: TensorFlow's {@code Abort}. */
  public static Path withAbortingInitOp(Path dir) {
    return withInitOp(dir, List.of(NodeDef.newBuilder().setName("abort").setOp("Abort")
        .putAttr("error_msg", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("boom"))
            .build()).build()));
  }

  /** An init op that writes {@code text} to {@code file} with TensorFlow's {@code WriteFile}. */
  public static Path withFileWritingInitOp(Path dir, Path file, String text) {
    return withInitOp(dir, List.of(scalarString("write_path", file.toString()),
        scalarString("write_text", text), NodeDef.newBuilder().setName("write")
            .setOp("WriteFile").addInput("write_path").addInput("write_text").build()));
  }

  private static NodeDef scalarString(String name, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", type(DataType.DT_STRING))
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING).setTensorShape(TensorShapeProto.getDefaultInstance())
            .addStringVal(ByteString.copyFromUtf8(value))).build()).build();
  }

  /** Lists the named variables, and no others, in the TF1 {@code trainable_variables}. */
  public static Path markTrainable(Path dir, List<String> variables) {
    CollectionDef.BytesList.Builder list = CollectionDef.BytesList.newBuilder();
    for (String v : variables) {
      list.addValue(VariableDef.newBuilder().setVariableName(v + ":0").build().toByteString());
    }
    rewrite(dir, meta -> meta.putCollectionDef("trainable_variables",
        CollectionDef.newBuilder().setBytesList(list).build()));
    return dir;
  }

  private static void rewrite(Path dir, Consumer<MetaGraphDef.Builder> change) {
    Path pb = dir.resolve(SAVED_MODEL_PB);
    try {
      SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
      MetaGraphDef.Builder meta = model.getMetaGraphs(0).toBuilder();
      change.accept(meta);
      Files.write(pb, SavedModel.newBuilder(model).setMetaGraphs(0, meta).build()
          .toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static NodeDef stringConstant(String name, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", type(DataType.DT_STRING))
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING).setTensorShape(TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
            .addStringVal(ByteString.copyFromUtf8(value))).build()).build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue types(DataType t) {
    return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(t)).build();
  }
}
