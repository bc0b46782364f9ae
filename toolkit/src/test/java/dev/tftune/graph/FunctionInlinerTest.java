package dev.tftune.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StatelessWhile;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Function calls on a signature's path are replaced by their bodies; control flow stays a
 * function-calling op and is reported; the graph computes what it computed before.
 */
class FunctionInlinerTest {

  /** y = 3x + (x + x + x) through a called function and a loop that adds x three times. */
  private static GraphDef callAndLoop() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1)));
      Operand<?> tripled;
      StatelessWhile loop;
      try (ConcreteFunction triple = ConcreteFunction.create(f -> {
        Placeholder<TFloat32> in = f.placeholder(TFloat32.class);
        return Signature.builder().key("triple").input("in", in)
            .output("out", f.math.mul(in, f.constant(3f))).build();
      });
          ConcreteFunction more = ConcreteFunction.create(f -> {
            Placeholder<TInt32> i = f.placeholder(TInt32.class);
            Placeholder<TFloat32> v = f.placeholder(TFloat32.class);
            Placeholder<TFloat32> acc = f.placeholder(TFloat32.class);
            return Signature.builder().key("more").input("i", i).input("v", v)
                .input("acc", acc).output("more", f.math.less(i, f.constant(3))).build();
          });
          ConcreteFunction add = ConcreteFunction.create(f -> {
            Placeholder<TInt32> i = f.placeholder(TInt32.class);
            Placeholder<TFloat32> v = f.placeholder(TFloat32.class);
            Placeholder<TFloat32> acc = f.placeholder(TFloat32.class);
            return Signature.builder().key("add").input("i", i).input("v", v).input("acc", acc)
                .output("i", f.math.add(i, f.constant(1))).output("v", f.identity(v))
                .output("acc", f.math.add(acc, v)).build();
          })) {
        tripled = triple.call(tf, x);
        loop = tf.statelessWhile(List.of(tf.constant(0), x, tf.zerosLike(x)), more, add);
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> summed = (Operand<TFloat32>) loop.output().get(2);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> a = (Operand<TFloat32>) tripled;
      tf.withName("y").math.add(a, summed);
      return g.toGraphDef();
    }
  }

  private static MetaGraphDef.Builder metaGraph(GraphDef graph) {
    SignatureDef sig = SignatureDef.newBuilder()
        .putInputs("x", TensorInfo.newBuilder().setName("x:0").build())
        .putOutputs("y", TensorInfo.newBuilder().setName("y:0").build()).build();
    return MetaGraphDef.newBuilder().setGraphDef(graph).putSignatureDef("serving_default", sig);
  }

  private static float[] run(GraphDef graph, String output, float... x) {
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
      try (Session s = new Session(g); TFloat32 in = TFloat32.vectorOf(x);
          Result r = s.runner().feed("x", in).fetch(output).run()) {
        return Tensors.floats((TFloat32) r.get(0));
      }
    }
  }

  @Test
  void callsAreInlinedAndLoopsAreKeptAndReported() {
    GraphDef original = callAndLoop();
    MetaGraphDef.Builder meta = metaGraph(original);
    Optional<String> change = new FunctionInliner().apply(meta);

    assertTrue(change.isPresent());
    assertTrue(change.get().startsWith("inlined 1 function calls"), change.get());
    assertTrue(change.get().contains("control flow kept with its branch and loop functions: "
        + "{StatelessWhile=1}"), change.get());
    List<String> ops = meta.getGraphDef().getNodeList().stream().map(NodeDef::getOp).toList();
    assertTrue(ops.stream().noneMatch(op -> op.endsWith("PartitionedCall")), ops.toString());
    assertTrue(ops.contains("StatelessWhile"), ops.toString());
  }

  @Test
  void theRewrittenGraphComputesWhatTheOriginalComputes() {
    GraphDef original = callAndLoop();
    MetaGraphDef.Builder meta = metaGraph(original);
    new FunctionInliner().apply(meta);
    String y = meta.getSignatureDefOrThrow("serving_default").getOutputsOrThrow("y").getName();

    float[] before = run(original, "y:0", 1f, -2f, 0.5f);
    float[] after = run(meta.getGraphDef(), y, 1f, -2f, 0.5f);
    assertEquals(List.of(6f, -12f, 3f), List.of(before[0], before[1], before[2]));
    assertEquals(List.of(before[0], before[1], before[2]), List.of(after[0], after[1], after[2]));
  }

  @Test
  void aGraphWithoutFunctionsIsLeftAlone() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      tf.withName("y").math.neg(tf.withName("x").placeholder(TFloat32.class));
      MetaGraphDef.Builder meta = metaGraph(g.toGraphDef());
      GraphDef before = meta.getGraphDef();
      assertEquals(Optional.empty(), new FunctionInliner().apply(meta));
      assertEquals(before, meta.getGraphDef());
    }
  }
}
