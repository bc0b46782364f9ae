package dev.tftune.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
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
 * Loops whose trip count is known when the graph is built become copies of their body; loops
 * whose count depends on the batch are kept, with the reason.
 */
class LoopUnrollerTest {

  /**
   * y = x * 2^n: a loop doubling {@code x} while {@code i < limit}, the limit made in the outer
   * graph from {@code x} by {@code limit}.
   */
  private static GraphDef doubling(BiFunction<Ops, Operand<TFloat32>, Operand<TInt32>> limit) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1)));
      StatelessWhile loop;
      try (ConcreteFunction more = ConcreteFunction.create(f -> {
        Placeholder<TInt32> i = f.placeholder(TInt32.class);
        Placeholder<TInt32> n = f.placeholder(TInt32.class);
        Placeholder<TFloat32> v = f.placeholder(TFloat32.class);
        return Signature.builder().key("more").input("i", i).input("n", n).input("v", v)
            .output("more", f.math.less(i, n)).build();
      });
          ConcreteFunction twice = ConcreteFunction.create(f -> {
            Placeholder<TInt32> i = f.placeholder(TInt32.class);
            Placeholder<TInt32> n = f.placeholder(TInt32.class);
            Placeholder<TFloat32> v = f.placeholder(TFloat32.class);
            return Signature.builder().key("twice").input("i", i).input("n", n).input("v", v)
                .output("i", f.math.add(i, f.constant(1))).output("n", f.identity(n))
                .output("v", f.math.mul(v, f.constant(2f))).build();
          })) {
        loop = tf.withName("loop").statelessWhile(List.of(tf.constant(0), limit.apply(tf, x), x),
            more, twice);
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> v = (Operand<TFloat32>) loop.output().get(2);
      tf.withName("y").identity(v);
      return g.toGraphDef();
    }
  }

  private static MetaGraphDef.Builder metaGraph(GraphDef graph) {
    SignatureDef sig = SignatureDef.newBuilder()
        .putInputs("x", TensorInfo.newBuilder().setName("x:0").build())
        .putOutputs("y", TensorInfo.newBuilder().setName("y:0").build()).build();
    return MetaGraphDef.newBuilder().setGraphDef(graph).putSignatureDef("serving_default", sig);
  }

  private static float[] run(GraphDef graph, float... x) {
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
      try (Session s = new Session(g); TFloat32 in = TFloat32.vectorOf(x);
          Result r = s.runner().feed("x", in).fetch("y").run()) {
        return Tensors.floats((TFloat32) r.get(0));
      }
    }
  }

  private static List<String> ops(MetaGraphDef.Builder meta) {
    return meta.getGraphDef().getNodeList().stream().map(NodeDef::getOp).toList();
  }

  @Test
  void aLoopWithAConstantLimitBecomesThatManyCopiesOfItsBody() {
    GraphDef original = doubling((tf, x) -> tf.constant(3));
    MetaGraphDef.Builder meta = metaGraph(original);
    Optional<String> change = new LoopUnroller().apply(meta);

    assertEquals(Optional.of("unrolled 1 loops (loop: 3 steps)"), change);
    assertTrue(!ops(meta).contains("StatelessWhile"), ops(meta).toString());
    assertEquals(3, ops(meta).stream().filter(op -> op.equals("Mul")).count());
    assertEquals(0, meta.getGraphDef().getLibrary().getFunctionCount(),
        "the loop's functions are dropped with it");
    float[] after = run(meta.getGraphDef(), 1f, -0.5f);
    float[] before = run(original, 1f, -0.5f);
    assertEquals(List.of(8f, -4f), List.of(before[0], before[1]));
    assertEquals(List.of(before[0], before[1]), List.of(after[0], after[1]));
  }

  @Test
  void aLimitReadFromAStaticDimensionIsKnown() {
    // the limit is the number of dimensions of x's shape vector: Shape(Shape(x))[0] = 1
    MetaGraphDef.Builder meta = metaGraph(doubling((tf, x) -> tf.reshape(
        tf.shape(tf.shape(x)), tf.constant(new int[0]))));
    assertEquals(Optional.of("unrolled 1 loops (loop: 1 steps)"),
        new LoopUnroller().apply(meta));
  }

  @Test
  void aLoopCountedByTheBatchSizeIsKeptWithTheReason() {
    MetaGraphDef.Builder meta = metaGraph(doubling((tf, x) -> tf.stridedSlice(tf.shape(x),
        tf.constant(new int[] {0}), tf.constant(new int[] {1}), tf.constant(new int[] {1}),
        org.tensorflow.op.core.StridedSlice.shrinkAxisMask(1L))));
    GraphDef before = meta.getGraphDef();
    LoopUnroller unroller = new LoopUnroller();

    assertEquals(Optional.empty(), unroller.apply(meta));
    assertEquals(before, meta.getGraphDef(), "the graph is left as it was");
    assertTrue(unroller.kept().get("loop").contains("not known when the graph is built"),
        unroller.kept().toString());
  }
}
