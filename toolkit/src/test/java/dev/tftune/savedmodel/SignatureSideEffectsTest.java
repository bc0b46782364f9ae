package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/** The check after a rewrite runs no signature whose ops write state, whatever its name. */
class SignatureSideEffectsTest {

  @Test
  void aSignatureThatReadsVariablesOnlyMayRun() {
    GraphDef g = GraphDef.newBuilder().addNode(node("v", "VarHandleOp"))
        .addNode(node("read", "ReadVariableOp", "v")).addNode(node("y", "MatMul", "read"))
        .build();
    assertFalse(SignatureComparison.hasSideEffects(g, signature("y")));
  }

  @Test
  void aSignatureThatWritesACheckpointIsNotRun() {
    GraphDef g = GraphDef.newBuilder().addNode(node("path", "Placeholder"))
        .addNode(node("save", "SaveV2", "path"))
        .addNode(node("out", "Identity", "path", "^save")).build();
    assertTrue(SignatureComparison.hasSideEffects(g, signature("out")),
        "SaveV2 reached through a control input");
  }

  @Test
  void aWriteInsideACalledFunctionCounts() {
    FunctionDef saving = FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName("saving_fn"))
        .addNodeDef(node("write", "WriteFile")).build();
    NodeDef call = node("call", "StatefulPartitionedCall").toBuilder()
        .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder()
            .setName("saving_fn")).build()).build();
    GraphDef g = GraphDef.newBuilder().addNode(call)
        .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(saving))
        .build();
    assertTrue(SignatureComparison.hasSideEffects(g, signature("call")));
  }

  @Test
  void aFunctionUsedAsAnOpCounts() {
    FunctionDef saving = FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName("saving_fn"))
        .addNodeDef(node("save", "SaveV2")).build();
    GraphDef g = GraphDef.newBuilder().addNode(node("call", "saving_fn"))
        .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(saving))
        .build();
    assertTrue(SignatureComparison.hasSideEffects(g, signature("call")));
  }

  @Test
  void aTableInsertCounts() {
    GraphDef g = GraphDef.newBuilder().addNode(node("table", "HashTableV2"))
        .addNode(node("insert", "LookupTableInsertV2", "table"))
        .addNode(node("out", "NoOp", "^insert")).build();
    assertTrue(SignatureComparison.hasSideEffects(g, signature("out")));
  }

  private static NodeDef node(String name, String op, String... inputs) {
    NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op);
    for (String in : inputs) {
      b.addInput(in);
    }
    return b.build();
  }

  private static SignatureDef signature(String output) {
    return SignatureDef.newBuilder().putOutputs("out",
        TensorInfo.newBuilder().setName(output + ":0").build()).build();
  }
}
