package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/** A rewrite that must prove itself is kept only when it does; the model loads either way. */
class CheckedRewriteTest {
  @TempDir
  Path tmp;

  /** Adds one node to the graph and answers the proof as told, recording what happened. */
  private static final class Marker implements CheckedRewrite {
    private final String op;
    private final boolean proves;
    final List<String> log = new ArrayList<>();

    Marker(String op, boolean proves) {
      this.op = op;
      this.proves = proves;
    }

    @Override
    public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
      metaGraph.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("tftune_marker")
          .setOp(op).putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
          .putAttr("value", AttrValue.newBuilder().setTensor(org.tensorflow.proto.TensorProto
              .newBuilder().setDtype(DataType.DT_FLOAT).addFloatVal(1f)).build()));
      return Optional.of("added a marker");
    }

    @Override
    public Verdict prove(SavedModelBundle rewritten, MetaGraphDef rewrittenGraph,
        Before before) {
      assertNotNull(before.bundle(), "the graph before the rewrite can be compared against");
      return proves ? Verdict.proven("") : Verdict.failed("told to fail");
    }

    @Override
    public void kept(String change, Verdict verdict) {
      log.add("kept: " + change);
    }

    @Override
    public String refused(String change, String why) {
      log.add("refused: " + why);
      return "marker left out: " + why;
    }
  }

  @Test
  void aRewriteThatProvesItselfIsKept() {
    Marker marker = new Marker("Const", true);
    try (BaseModel base = SavedModels.load(model(), LoadOptions.defaults().withRewrite(marker))) {
      assertNotNull(base.graph().operation("tftune_marker"));
      assertTrue(base.rewrites().contains("added a marker"), base.rewrites().toString());
      assertEquals(List.of("kept: added a marker"), marker.log);
    }
  }

  @Test
  void aRewriteThatFailsItsProofLeavesTheGraphAsItWas() {
    Marker marker = new Marker("Const", false);
    try (BaseModel base = SavedModels.load(model(), LoadOptions.defaults().withRewrite(marker))) {
      assertNull(base.graph().operation("tftune_marker"));
      assertFalse(base.rewrites().contains("added a marker"));
      assertTrue(base.rewrites().contains("marker left out: told to fail"));
      assertEquals(List.of("refused: told to fail"), marker.log);
    }
  }

  @Test
  void aRewrittenGraphThatDoesNotLoadCountsAsNotProven() {
    Marker marker = new Marker("NoSuchOpAnywhere", true);
    try (BaseModel base = SavedModels.load(model(), LoadOptions.defaults().withRewrite(marker))) {
      assertNull(base.graph().operation("tftune_marker"));
      assertEquals(1, marker.log.size());
      assertTrue(marker.log.get(0).startsWith("refused: the rewritten graph does not load"),
          marker.log.get(0));
    }
  }

  private Path model() {
    return TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
  }
}
