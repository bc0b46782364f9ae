package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
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

/**
 * A TF2 model with a {@code save} signature (a {@code checkpoint_path} input into SaveV2, as
 * Keras models exported with train/save/restore functions have): loading it checks the inlined
 * graph against the original, and that check must not run the save.
 */
class SaveSignatureTest {
  @TempDir
  Path tmp;

  @Test
  void loadingAModelWithASaveSignatureLeavesTheWorkingDirectoryUnchanged() throws IOException {
    Path dir = withSaveSignature(TinyModels.write(tmp.resolve("model"), VariableKind.RESOURCE));
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> before = listing(cwd);

    try (BaseModel model = SavedModels.load(dir)) {
      assertTrue(model.rewrites().stream().anyMatch(r -> r.contains("inlined")),
          "the inlining and its check ran: " + model.rewrites());
      assertTrue(model.signatures().containsKey("save"));
      model.inspect();
    }

    assertEquals(before, listing(cwd));
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  /** Adds the save function, its call, the signature and an object graph (TF2 format). */
  private static Path withSaveSignature(Path dir) throws IOException {
    Path pb = dir.resolve(MetaGraphs.SAVED_MODEL_PB);
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
    MetaGraphDef.Builder meta = model.getMetaGraphs(0).toBuilder();
    FunctionDef save = FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName("save_fn")
            .addInputArg(OpDef.ArgDef.newBuilder().setName("path").setType(DataType.DT_STRING))
            .addOutputArg(OpDef.ArgDef.newBuilder().setName("out").setType(DataType.DT_STRING))
            .setIsStateful(true))
        .addNodeDef(constant("names", DataType.DT_STRING, "c"))
        .addNodeDef(constant("slices", DataType.DT_STRING, ""))
        .addNodeDef(NodeDef.newBuilder().setName("value").setOp("Const")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.getDefaultInstance())
                .addFloatVal(1f)).build()))
        .addNodeDef(NodeDef.newBuilder().setName("save").setOp("SaveV2").addInput("path")
            .addInput("names:output:0").addInput("slices:output:0").addInput("value:output:0")
            .putAttr("dtypes", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addType(DataType.DT_FLOAT)).build()))
        .addNodeDef(NodeDef.newBuilder().setName("done").setOp("Identity").addInput("path")
            .addInput("^save").putAttr("T", type(DataType.DT_STRING)))
        .putRet("out", "done:output:0").build();
    meta.getGraphDefBuilder().getLibraryBuilder().addFunction(save);
    meta.getGraphDefBuilder()
        .addNode(NodeDef.newBuilder().setName("checkpoint_path").setOp("Placeholder")
            .putAttr("dtype", type(DataType.DT_STRING))
            .putAttr("shape", AttrValue.newBuilder().setShape(TensorShapeProto.getDefaultInstance())
                .build()))
        .addNode(NodeDef.newBuilder().setName("save_call").setOp("StatefulPartitionedCall")
            .addInput("checkpoint_path")
            .putAttr("Tin", types(DataType.DT_STRING)).putAttr("Tout", types(DataType.DT_STRING))
            .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder()
                .setName("save_fn")).build())
            .putAttr("config", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.EMPTY)
                .build())
            .putAttr("config_proto", AttrValue.newBuilder()
                .setS(com.google.protobuf.ByteString.EMPTY).build())
            .putAttr("executor_type", AttrValue.newBuilder()
                .setS(com.google.protobuf.ByteString.EMPTY).build()));
    meta.putSignatureDef("save", SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
        .putInputs("checkpoint_path", TensorInfo.newBuilder().setName("checkpoint_path:0")
            .setDtype(DataType.DT_STRING).setTensorShape(TensorShapeProto.getDefaultInstance())
            .build())
        .putOutputs("output_0", TensorInfo.newBuilder().setName("save_call:0")
            .setDtype(DataType.DT_STRING).setTensorShape(TensorShapeProto.getDefaultInstance())
            .build()).build());
    meta.setObjectGraphDef(SavedObjectGraph.newBuilder().addNodes(SavedObject.newBuilder()
        .setUserObject(SavedUserObject.newBuilder().setIdentifier("_generic_user_object"))));
    Files.write(pb, SavedModel.newBuilder(model).setMetaGraphs(0, meta).build().toByteArray());
    return dir;
  }

  private static NodeDef constant(String name, DataType dtype, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(dtype))
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
            .setDtype(dtype).setTensorShape(TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
            .addStringVal(com.google.protobuf.ByteString.copyFromUtf8(value))).build()).build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue types(DataType t) {
    return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(t)).build();
  }
}
