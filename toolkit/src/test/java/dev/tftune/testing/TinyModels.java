package dev.tftune.testing;

import dev.tftune.data.Dataset;
import dev.tftune.data.ImageDataset;
import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.VariableKind;
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
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Tiny SavedModels written by the tests themselves, so the suite needs no external model:
 * {@code x[-1,4] -> dense "base/hidden" (relu) -> "features"[-1,6] -> dense "base/out" ->
 * softmax}, with ref ({@code VariableV2}) or resource ({@code VarHandleOp}) variables.
 */
public final class TinyModels {
  public static final int INPUTS = 4;
  public static final int FEATURES = 6;
  public static final int CLASSES = 3;

  private TinyModels() {}

  /** Writes the model into {@code dir} (which must not exist) and returns it. */
  public static Path write(Path dir, VariableKind kind) {
    return write(dir, kind, -1);
  }

  /**
   * The same model with its batch dimension baked in: the input is [batch, 4], and the graph
   * reshapes it through a constant [batch * 4] vector, so it cannot run any other batch size.
   */
  public static Path writeFixedBatch(Path dir, int batch) {
    return write(dir, VariableKind.RESOURCE, batch);
  }

  /**
   * The resource-variable model with an Adam slot saved beside its variables, as Keras saves
   * its optimizer: {@code Adam/base/hidden/kernel/m} (zeros, on no path to the outputs), and a
   * {@code trainable_variables} collection that lists the three model variables only.
   */
  public static Path writeWithOptimizerSlot(Path dir) {
    write(dir, VariableKind.RESOURCE, -1, true);
    ModelQuirks.markTrainable(dir, List.of("base/hidden/kernel", "base/hidden/bias",
        "base/out/kernel"));
    return dir;
  }

  private static Path write(Path dir, VariableKind kind, int fixedBatch) {
    return write(dir, kind, fixedBatch, false);
  }

  private static Path write(Path dir, VariableKind kind, int fixedBatch, boolean slot) {
    Random random = new Random(7);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(fixedBatch, INPUTS)));
      Operand<TFloat32> x = fixedBatch < 0 ? input : tf.reshape(
          tf.reshape(input, tf.constant(new int[] {fixedBatch * INPUTS})),
          tf.constant(new int[] {fixedBatch, INPUTS}));
      List<Op> inits = new ArrayList<>();
      Ops base = tf.withSubScope("base");
      Ops hidden = base.withSubScope("hidden");
      Operand<TFloat32> w1 = variable(hidden, "kernel", kind, inits, random, INPUTS, FEATURES);
      Operand<TFloat32> b1 = variable(hidden, "bias", kind, inits, random, FEATURES);
      Operand<TFloat32> features = tf.withName("features").nn.relu(
          tf.math.add(tf.linalg.matMul(x, w1), b1));
      Operand<TFloat32> w2 = variable(base.withSubScope("out"), "kernel", kind, inits, random,
          FEATURES, CLASSES);
      Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(
          tf.linalg.matMul(features, w2));
      Output<?> slotValue = null;
      if (slot) {
        Ops slots = tf.withSubScope("Adam").withSubScope("base").withSubScope("hidden")
            .withSubScope("kernel");
        GraphVariable.Created m = GraphVariable.create(slots, "m",
            new float[INPUTS * FEATURES], INPUTS, FEATURES);
        inits.add(m.init());
        slotValue = m.variable().read(slots).asOutput();
      }
      Session.Runner init = s.runner();
      inits.forEach(init::addTarget);
      init.run().close();
      SavedModelWriter writer = SavedModelWriter.of(s).signature("serving_default",
          "tensorflow/serving/predict", Map.of("x", input.asOutput()),
          Map.<String, Output<?>>of("features", features.asOutput(),
              "probabilities", probabilities.asOutput()));
      if (slotValue != null) {
        // the writer keeps what signatures reach; a getter keeps the slot in the graph
        writer.signature("optimizer_state", "tensorflow/serving/predict", Map.of(),
            Map.of("m", slotValue));
      }
      writer.write(dir);
    }
    return dir;
  }

  private static Operand<TFloat32> variable(Ops tf, String name, VariableKind kind,
      List<Op> inits, Random random, long... shape) {
    int size = 1;
    for (long d : shape) {
      size *= (int) d;
    }
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian() * 0.5f;
    }
    if (kind == VariableKind.RESOURCE) {
      GraphVariable.Created v = GraphVariable.create(tf, name, values, shape);
      inits.add(v.init());
      return v.variable().read(tf);
    }
    Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
    Ops scope = tf.withSubScope(name + "_ops");
    inits.add(scope.assign(v, scope.constant(Shape.of(shape), DataBuffers.of(values))));
    return scope.identity(v);
  }

  /**
   * Examples the tiny model can learn: the class is the index of the largest of the first
   * three inputs.
   */
  public static Dataset separable(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count * INPUTS];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int best = 0;
      for (int j = 0; j < INPUTS; j++) {
        values[i * INPUTS + j] = (float) random.nextGaussian();
        if (j < CLASSES && values[i * INPUTS + j] > values[i * INPUTS + best]) {
          best = j;
        }
      }
      labels[i] = best;
    }
    return new ImageDataset(values, new long[] {INPUTS}, labels, List.of("a", "b", "c"));
  }

  /**
   * An image "model": its features are the channel means of its input
   * {@code [-1, size, size, 3]} (input key {@code image}, output {@code features}).
   */
  public static Path writeImage(Path dir, int size) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, size, size, 3)));
      Output<TFloat32> features = tf.withName("features").math.mean(x,
          tf.constant(new int[] {1, 2})).asOutput();
      SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict",
          Map.of("image", x.asOutput()), Map.of("features", features)).write(dir);
    }
    return dir;
  }

  /**
   * A gray image "model" without a channel axis, as Keras models that start with {@code
   * Flatten} take MNIST: input {@code [-1, size, size]} (key {@code image}), its features the
   * mean of each row (output {@code features}, {@code [-1, size]}).
   */
  public static Path writeGrayImage(Path dir, int size) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, size, size)));
      Output<TFloat32> features = tf.withName("features").math.mean(x,
          tf.constant(new int[] {2})).asOutput();
      SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict",
          Map.of("image", x.asOutput()), Map.of("features", features)).write(dir);
    }
    return dir;
  }

  /**
   * A model with two float inputs, {@code a} {@code [-1, 3]} and {@code b} {@code [-1, 2]}:
   * their concatenation (tensor {@code features}) feeds one dense layer (resource variable
   * {@code out/kernel}) and a softmax over 2 classes ({@code probabilities}).
   */
  public static Path writeTwoInputs(Path dir) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 3)));
      Placeholder<TFloat32> b = tf.withName("b").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 2)));
      Operand<TFloat32> features = tf.withName("features").concat(List.of(a, b),
          tf.constant(1));
      writeDense(s, tf, features, 5, Map.of("a", a.asOutput(), "b", b.asOutput()), dir);
    }
    return dir;
  }

  /**
   * The two-input model with a second signature: {@code serving_default} takes only {@code b}
   * ({@code [-1, 2]}, a dense layer over it), {@code both} takes {@code a} and {@code b} as
   * {@link #writeTwoInputs} does (its tensor {@code features} their concatenation).
   */
  public static Path writeTwoSignatures(Path dir) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 3)));
      Placeholder<TFloat32> b = tf.withName("b").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 2)));
      Operand<TFloat32> features = tf.withName("features").concat(List.of(a, b),
          tf.constant(1));
      List<Op> inits = new ArrayList<>();
      Random random = new Random(5);
      Operand<TFloat32> w = variable(tf.withSubScope("out"), "kernel", VariableKind.RESOURCE,
          inits, random, 5, 2);
      Operand<TFloat32> wb = variable(tf.withSubScope("out_b"), "kernel",
          VariableKind.RESOURCE, inits, random, 2, 2);
      Operand<TFloat32> both = tf.withName("probabilities").nn.softmax(
          tf.linalg.matMul(features, w));
      Operand<TFloat32> onlyB = tf.withName("probabilities_b").nn.softmax(
          tf.linalg.matMul(b, wb));
      Session.Runner init = s.runner();
      inits.forEach(init::addTarget);
      init.run().close();
      SavedModelWriter.of(s)
          .signature("serving_default", "tensorflow/serving/predict",
              Map.of("b", b.asOutput()), Map.of("probabilities", onlyB.asOutput()))
          .signature("both", "tensorflow/serving/predict",
              Map.of("a", a.asOutput(), "b", b.asOutput()),
              Map.of("probabilities", both.asOutput()))
          .write(dir);
    }
    return dir;
  }

  /**
   * A sequence model: input {@code seq} {@code [-1, steps, width]}, its mean over the steps
   * (tensor {@code features}, {@code [-1, width]}) into one dense layer and a softmax over 2
   * classes.
   */
  public static Path writeSequence(Path dir, int steps, int width) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> seq = tf.withName("seq").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, steps, width)));
      Operand<TFloat32> features = tf.withName("features").math.mean(seq,
          tf.constant(new int[] {1}));
      writeDense(s, tf, features, width, Map.of("seq", seq.asOutput()), dir);
    }
    return dir;
  }

  /**
   * A sequence model whose tensor {@code features} merges the batch with the steps, as Keras'
   * Dense on a sequence does: {@code seq [-1, steps, width]} reshaped to {@code [-1, width]}.
   */
  public static Path writeMergedBatch(Path dir, int steps, int width) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> seq = tf.withName("seq").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, steps, width)));
      Operand<TFloat32> features = tf.withName("features").reshape(seq,
          tf.constant(new int[] {-1, width}));
      writeDense(s, tf, features, width, Map.of("seq", seq.asOutput()), dir);
    }
    return dir;
  }

  /**
   * A model served from {@code tf.Example}: input {@code examples} (serialized protos,
   * {@code [-1]} strings) parsed in the graph for a float feature {@code x} of 4 values (the
   * tensor {@code features}), one dense layer and a softmax over 2 classes. Other features in
   * the records (labels) are ignored by the parser.
   */
  public static Path writeExampleParser(Path dir) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> examples = tf.withName("examples").placeholder(TString.class,
          Placeholder.shape(Shape.of(-1)));
      Operand<TString> none = tf.constant(Shape.of(0), DataBuffers.ofObjects(new String[0]));
      org.tensorflow.op.io.ParseExample parsed = tf.io.parseExample(examples, none, none,
          tf.constant(StdArrays.ndCopyOf(new String[] {"x"})), none,
          List.of(tf.constant(new float[0])), 0L, List.of(), List.of(), List.of(),
          List.of(Shape.of(INPUTS)));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> x = (Operand<TFloat32>) parsed.denseValues().get(0);
      Operand<TFloat32> features = tf.withName("features").identity(x);
      writeDense(s, tf, features, INPUTS, Map.of("examples", examples.asOutput()), dir);
    }
    return dir;
  }

  private static void writeDense(Session s, Ops tf, Operand<TFloat32> features, int width,
      Map<String, Output<?>> inputs, Path dir) {
    List<Op> inits = new ArrayList<>();
    Operand<TFloat32> w = variable(tf.withSubScope("out"), "kernel", VariableKind.RESOURCE,
        inits, new Random(3), width, 2);
    Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(
        tf.linalg.matMul(features, w));
    Session.Runner init = s.runner();
    inits.forEach(init::addTarget);
    init.run().close();
    SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict", inputs,
        Map.of("probabilities", probabilities.asOutput())).write(dir);
  }

  /** {@code n} random RGB images of {@code size} x {@code size}, alternating classes a and b. */
  public static dev.tftune.data.RawImages randomImages(int n, int size) {
    java.util.Random random = new java.util.Random(1);
    byte[] pixels = new byte[n * size * size * 3];
    random.nextBytes(pixels);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
    }
    return new dev.tftune.data.RawImages(n, size, size, 3, pixels, labels, List.of("a", "b"));
  }
}
