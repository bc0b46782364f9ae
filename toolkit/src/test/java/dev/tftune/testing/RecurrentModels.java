package dev.tftune.testing;

import dev.tftune.data.Dataset;
import dev.tftune.data.ImageDataset;
import dev.tftune.graph.GraphVariable;
import dev.tftune.savedmodel.SavedModelWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A recurrent model laid out as Keras lays out an LSTM or GRU layer: the sequence
 * {@code seq [-1, STEPS, WIDTH]} transposed to time-major, made a tensor list
 * ({@code TensorListFromTensor}), read step by step in a {@code While} whose body reads the
 * cell's variables through their resource handles, writes each step's state to a reserved list
 * and stops when {@code time < length} (the length read from the input's shape) fails; after
 * the loop the list is stacked. The cell is a small gated one: {@code z = x K + h R + b},
 * split in two halves, {@code h' = s(z0) * tanh(z1) + (1 - s(z0)) * h}. Features ({@code
 * features [-1, UNITS]}) are the last state plus the mean of the stacked states, into a
 * dense softmax over 2 classes.
 */
public final class RecurrentModels {
  public static final int STEPS = 4;
  public static final int WIDTH = 3;
  public static final int UNITS = 5;
  private static final String LOOP = "rnn/while";

  private RecurrentModels() {}

  /** Writes the model into {@code dir} (which must not exist) and returns it. */
  public static Path write(Path dir) {
    Random random = new Random(11);
    List<String> inits = new ArrayList<>();
    GraphDef outer;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> seq = tf.withName("seq").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, STEPS, WIDTH)));
      Ops rnn = tf.withSubScope("rnn");
      Operand<TFloat32> timeMajor = rnn.withName("transpose").linalg.transpose(seq,
          rnn.constant(new int[] {1, 0, 2}));
      Operand<TInt32> length = rnn.withName("length").stridedSlice(rnn.shape(timeMajor),
          rnn.constant(new int[] {0}), rnn.constant(new int[] {1}), rnn.constant(new int[] {1}),
          StridedSlice.shrinkAxisMask(1L));
      Operand<TInt32> batch = rnn.stridedSlice(rnn.shape(seq), rnn.constant(new int[] {0}),
          rnn.constant(new int[] {1}), rnn.constant(new int[] {1}),
          StridedSlice.shrinkAxisMask(1L));
      rnn.withName("zeros").fill(rnn.stack(List.of(batch, rnn.constant(UNITS))),
          rnn.constant(0f));
      rnn.withName("input_list").tensorListFromTensor(timeMajor,
          rnn.constant(new int[] {-1, WIDTH}));
      rnn.withName("output_list").tensorListReserve(rnn.constant(new int[] {-1, UNITS}), length,
          TFloat32.class);
      rnn.withName("counter").constant(0);
      rnn.withName("time").constant(0);
      rnn.withName("maximum_iterations").constant(STEPS);
      Ops cell = rnn.withSubScope("cell");
      inits.add(variable(cell, "kernel", random, WIDTH, 2 * UNITS));
      inits.add(variable(cell, "recurrent_kernel", random, UNITS, 2 * UNITS));
      inits.add(variable(cell, "bias", random, 2 * UNITS));
      inits.add(variable(tf.withSubScope("out"), "kernel", random, UNITS, 2));
      rnn.withSubScope("stack").withName("element_shape").constant(new int[] {-1, UNITS});
      rnn.withSubScope("mean").withName("axis").constant(new int[] {0});
      outer = g.toGraphDef();
    }
    GraphDef.Builder graph = outer.toBuilder();
    graph.addNode(loop());
    graph.addNode(node("rnn/stack", "TensorListStack", LOOP + ":3", "rnn/stack/element_shape")
        .putAttr("element_dtype", type(DataType.DT_FLOAT))
        .putAttr("num_elements", AttrValue.newBuilder().setI(STEPS).build()));
    graph.addNode(node("rnn/mean", "Mean", "rnn/stack", "rnn/mean/axis")
        .putAttr("T", type(DataType.DT_FLOAT)).putAttr("Tidx", type(DataType.DT_INT32)));
    graph.addNode(node("features", "AddV2", LOOP + ":4", "rnn/mean")
        .putAttr("T", type(DataType.DT_FLOAT)));
    graph.addNode(node("out/read", "ReadVariableOp", "out/kernel")
        .putAttr("dtype", type(DataType.DT_FLOAT)));
    graph.addNode(node("out/logits", "MatMul", "features", "out/read")
        .putAttr("T", type(DataType.DT_FLOAT)));
    graph.addNode(node("probabilities", "Softmax", "out/logits")
        .putAttr("T", type(DataType.DT_FLOAT)));
    graph.getLibraryBuilder().addFunction(cond()).addFunction(body());
    try (Graph g = new Graph(); Session s = new Session(g)) {
      g.importGraphDef(graph.build());
      Session.Runner init = s.runner();
      inits.forEach(init::addTarget);
      init.run().close();
      SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict",
          Map.of("seq", g.operation("seq").output(0)),
          Map.<String, Output<?>>of("features", g.operation("features").output(0),
              "probabilities", g.operation("probabilities").output(0))).write(dir);
    }
    return dir;
  }

  /**
   * Sequences the model can learn once its cell trains: the class is whether the first
   * feature's values sum above zero over the steps. Each example is {@code [STEPS, WIDTH]}.
   */
  public static Dataset sequences(int count, long seed) {
    Sequences s = generate(count, seed);
    return new ImageDataset(s.values(), new long[] {STEPS, WIDTH}, s.labels(),
        List.of("neg", "pos"));
  }

  /** Sequences as {@link #sequences} makes them: {@code [count, STEPS, WIDTH]} in C order. */
  public record Sequences(float[] values, int[] labels) {}

  /** The values and labels of {@link #sequences}. */
  public static Sequences generate(int count, long seed) {
    Random random = new Random(seed);
    int size = STEPS * WIDTH;
    float[] values = new float[count * size];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      double sum = 0;
      for (int j = 0; j < size; j++) {
        values[i * size + j] = (float) random.nextGaussian();
        if (j % WIDTH == 0) {
          sum += values[i * size + j];
        }
      }
      labels[i] = sum > 0 ? 1 : 0;
    }
    return new Sequences(values, labels);
  }

  private static String variable(Ops scope, String name, Random random, long... shape) {
    int size = 1;
    for (long d : shape) {
      size *= (int) d;
    }
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian() * 0.4f;
    }
    Op init = GraphVariable.create(scope, name, values, shape).init();
    return init.op().name();
  }

  /** The loop: counter, maximum, time, output list, state, length, input list, K, R, b. */
  private static NodeDef loop() {
    DataType[] types = {DataType.DT_INT32, DataType.DT_INT32, DataType.DT_INT32,
        DataType.DT_VARIANT, DataType.DT_FLOAT, DataType.DT_INT32, DataType.DT_VARIANT,
        DataType.DT_RESOURCE, DataType.DT_RESOURCE, DataType.DT_RESOURCE};
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    for (DataType t : types) {
      list.addType(t);
    }
    return node(LOOP, "While", "rnn/counter", "rnn/maximum_iterations", "rnn/time",
        "rnn/output_list", "rnn/zeros", "rnn/length", "rnn/input_list", "rnn/cell/kernel",
        "rnn/cell/recurrent_kernel", "rnn/cell/bias")
        .putAttr("T", AttrValue.newBuilder().setList(list).build())
        .putAttr("cond", function("rnn_cond")).putAttr("body", function("rnn_body"))
        .putAttr("parallel_iterations", AttrValue.newBuilder().setI(32).build()).build();
  }

  private static FunctionDef cond() {
    FunctionDef.Builder f = FunctionDef.newBuilder();
    f.getSignatureBuilder().setName("rnn_cond")
        .addAllInputArg(loopArgs()).addOutputArg(arg("more", DataType.DT_BOOL));
    f.addNodeDef(node("less", "Less", "time", "length").putAttr("T", type(DataType.DT_INT32)));
    f.addNodeDef(node("less_1", "Less", "counter", "maximum_iterations")
        .putAttr("T", type(DataType.DT_INT32)));
    f.addNodeDef(node("and", "LogicalAnd", "less_1:z:0", "less:z:0"));
    return f.putRet("more", "and:z:0").build();
  }

  private static FunctionDef body() {
    FunctionDef.Builder f = FunctionDef.newBuilder();
    f.getSignatureBuilder().setName("rnn_body").addAllInputArg(loopArgs());
    for (OpDef.ArgDef a : loopArgs()) {
      f.getSignatureBuilder().addOutputArg(arg(a.getName() + "_out", a.getType()));
    }
    DataType fl = DataType.DT_FLOAT;
    f.addNodeDef(constant("item_shape", -1, WIDTH));
    f.addNodeDef(node("x", "TensorListGetItem", "input_list", "time", "item_shape:output:0")
        .putAttr("element_dtype", type(fl)));
    f.addNodeDef(node("k", "ReadVariableOp", "kernel").putAttr("dtype", type(fl)));
    f.addNodeDef(node("r", "ReadVariableOp", "recurrent_kernel").putAttr("dtype", type(fl)));
    f.addNodeDef(node("b", "ReadVariableOp", "bias").putAttr("dtype", type(fl)));
    f.addNodeDef(node("xk", "MatMul", "x:item:0", "k:value:0").putAttr("T", type(fl)));
    f.addNodeDef(node("hr", "MatMul", "state", "r:value:0").putAttr("T", type(fl)));
    f.addNodeDef(node("sum", "AddV2", "xk:product:0", "hr:product:0").putAttr("T", type(fl)));
    f.addNodeDef(node("z", "BiasAdd", "sum:z:0", "b:value:0").putAttr("T", type(fl)));
    f.addNodeDef(NodeDef.newBuilder().setName("split_dim").setOp("Const")
        .putAttr("dtype", type(DataType.DT_INT32))
        .putAttr("value", AttrValue.newBuilder().setTensor(org.tensorflow.proto.TensorProto
            .newBuilder().setDtype(DataType.DT_INT32).addIntVal(1)).build()));
    f.addNodeDef(node("split", "Split", "split_dim:output:0", "z:output:0")
        .putAttr("T", type(fl)).putAttr("num_split", AttrValue.newBuilder().setI(2).build()));
    f.addNodeDef(node("gate", "Sigmoid", "split:output:0").putAttr("T", type(fl)));
    f.addNodeDef(node("candidate", "Tanh", "split:output:1").putAttr("T", type(fl)));
    f.addNodeDef(node("new", "Mul", "gate:y:0", "candidate:y:0").putAttr("T", type(fl)));
    f.addNodeDef(node("keep", "Sub", "one:output:0", "gate:y:0").putAttr("T", type(fl)));
    f.addNodeDef(NodeDef.newBuilder().setName("one").setOp("Const").putAttr("dtype", type(fl))
        .putAttr("value", AttrValue.newBuilder().setTensor(org.tensorflow.proto.TensorProto
            .newBuilder().setDtype(fl).addFloatVal(1f)).build()));
    f.addNodeDef(node("old", "Mul", "keep:z:0", "state").putAttr("T", type(fl)));
    f.addNodeDef(node("h", "AddV2", "new:z:0", "old:z:0").putAttr("T", type(fl)));
    f.addNodeDef(node("write", "TensorListSetItem", "output_list", "time", "h:z:0")
        .putAttr("element_dtype", type(fl)));
    f.addNodeDef(intConstant("step", 1));
    f.addNodeDef(node("time_1", "AddV2", "time", "step:output:0")
        .putAttr("T", type(DataType.DT_INT32)));
    f.addNodeDef(node("counter_1", "AddV2", "counter", "step:output:0")
        .putAttr("T", type(DataType.DT_INT32)));
    f.addNodeDef(node("done", "NoOp", "^k", "^r", "^b"));
    f.addNodeDef(node("state_out", "Identity", "h:z:0", "^done").putAttr("T", type(fl)));
    return f.putRet("counter_out", "counter_1:z:0")
        .putRet("maximum_iterations_out", "maximum_iterations")
        .putRet("time_out", "time_1:z:0").putRet("output_list_out", "write:output_handle:0")
        .putRet("state_out", "state_out:output:0").putRet("length_out", "length")
        .putRet("input_list_out", "input_list").putRet("kernel_out", "kernel")
        .putRet("recurrent_kernel_out", "recurrent_kernel").putRet("bias_out", "bias")
        .build();
  }

  private static List<OpDef.ArgDef> loopArgs() {
    return List.of(arg("counter", DataType.DT_INT32), arg("maximum_iterations", DataType.DT_INT32),
        arg("time", DataType.DT_INT32), arg("output_list", DataType.DT_VARIANT),
        arg("state", DataType.DT_FLOAT), arg("length", DataType.DT_INT32),
        arg("input_list", DataType.DT_VARIANT), arg("kernel", DataType.DT_RESOURCE),
        arg("recurrent_kernel", DataType.DT_RESOURCE), arg("bias", DataType.DT_RESOURCE));
  }

  private static OpDef.ArgDef arg(String name, DataType type) {
    return OpDef.ArgDef.newBuilder().setName(name).setType(type).build();
  }

  private static NodeDef.Builder node(String name, String op, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs));
  }

  private static NodeDef.Builder constant(String name, int... values) {
    var t = org.tensorflow.proto.TensorProto.newBuilder().setDtype(DataType.DT_INT32);
    t.getTensorShapeBuilder().addDimBuilder().setSize(values.length);
    for (int v : values) {
      t.addIntVal(v);
    }
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", type(DataType.DT_INT32))
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build());
  }

  private static NodeDef.Builder intConstant(String name, int value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", type(DataType.DT_INT32))
        .putAttr("value", AttrValue.newBuilder().setTensor(org.tensorflow.proto.TensorProto
            .newBuilder().setDtype(DataType.DT_INT32).addIntVal(value)).build());
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue function(String name) {
    return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
  }
}
