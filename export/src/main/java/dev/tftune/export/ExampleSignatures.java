package dev.tftune.export;

import dev.tftune.graph.Graphs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.io.ParseExample;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * The ops behind an export's {@code classify} and {@code regress} signatures (TF Serving's
 * Classify and Regress APIs): serialized {@code tf.Example}s in, parsed in the graph with
 * {@code ParseExample} into the tensors the model's own inputs take, then the head's scores.
 * Each model input is read from the feature named by {@link ExampleFeatures#featureKey}, with
 * the input's dtype (floats as a float list, integers as an int64 list, strings as bytes) and
 * its shape without the batch axis; an input whose first axis after the batch is open (token
 * ids of any length) is a variable-length feature, padded with zeros to the longest example.
 */
final class ExampleSignatures {
  /** TF Serving's method names and the keys its Classify and Regress APIs look up. */
  static final String CLASSIFY = "classify";
  static final String REGRESS = "regress";
  static final String CLASSIFY_METHOD = "tensorflow/serving/classify";
  static final String REGRESS_METHOD = "tensorflow/serving/regress";
  static final String INPUTS = "inputs";

  /** One signature to write, and the model inputs that take their values from its parsing. */
  record Signature(String key, String method, Map<String, Output<?>> inputs,
      Map<String, Output<?>> outputs, Map<Output<?>, Output<?>> inputDefaults) {}

  /** Why a model gets no signature over examples, or the signature. */
  record Built(Optional<Signature> signature, String reason) {}

  private ExampleSignatures() {}

  /**
   * The classify or regress signature over the given inputs.
   *
   * @param inputs the placeholders to feed by signature input key (the model's own inputs, or
   *     the encoded-images input)
   * @param scores probabilities {@code [batch, classes]} or predictions {@code [batch, n]}
   * @param classNames the label of each score column; null for a regression
   */
  static Built build(Graph graph, Map<String, Output<?>> inputs, Output<TFloat32> scores,
      List<String> classNames) {
    boolean regression = classNames == null;
    if (regression && scores.shape().size(1) != 1) {
      return new Built(Optional.empty(), "TF Serving's Regress API returns one value per "
          + "example, and the head predicts " + scores.shape().size(1));
    }
    List<String> keys = new ArrayList<>();
    List<Operand<?>> defaults = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    Ops tf = Ops.create(graph).withSubScope(Graphs.uniqueScope(graph,
        regression ? "tftune_regress" : "tftune_classify"));
    for (var e : inputs.entrySet()) {
      Output<?> in = e.getValue();
      String problem = parseable(e.getKey(), in);
      if (problem != null) {
        return new Built(Optional.empty(), problem);
      }
      long[] dims = in.shape().asArray();
      long[] perExample = java.util.Arrays.copyOfRange(dims, 1, dims.length);
      boolean variable = perExample.length > 0 && perExample[0] < 0;
      keys.add(ExampleFeatures.featureKey(e.getKey()));
      shapes.add(Shape.of(perExample));
      defaults.add(defaultValue(tf, parsedType(in.dataType()), variable));
    }
    Placeholder<TString> serialized = tf.withName(INPUTS).placeholder(TString.class,
        Placeholder.shape(Shape.of(-1)));
    ParseExample parsed = tf.io.parseExample(serialized, strings(tf),
        strings(tf), strings(tf, keys.toArray(String[]::new)),
        strings(tf), defaults, 0L, List.of(), List.of(), List.of(), shapes);
    Map<Output<?>, Output<?>> feeds = new LinkedHashMap<>();
    int i = 0;
    for (Output<?> in : inputs.values()) {
      feeds.put(in, castTo(tf, parsed.denseValues().get(i++), in.dataType()));
    }
    return withOutputs(tf, serialized.asOutput(), scores, classNames, feeds);
  }

  /**
   * The classify or regress signature of a model whose own input is serialized
   * {@code tf.Example}s (a string {@code [batch]}): it feeds that input directly.
   */
  static Built overModelExamples(Graph graph, Output<?> examples, Output<TFloat32> scores,
      List<String> classNames) {
    if (classNames == null && scores.shape().size(1) != 1) {
      return new Built(Optional.empty(), "TF Serving's Regress API returns one value per "
          + "example, and the head predicts " + scores.shape().size(1));
    }
    Ops tf = Ops.create(graph).withSubScope(Graphs.uniqueScope(graph, "tftune_classify"));
    return withOutputs(tf, examples, scores, classNames, Map.of());
  }

  private static Built withOutputs(Ops tf, Output<?> serialized, Output<TFloat32> scores,
      List<String> classNames, Map<Output<?>, Output<?>> feeds) {
    Map<String, Output<?>> outputs = new LinkedHashMap<>();
    if (classNames == null) {
      outputs.put("outputs", scores);
      return new Built(Optional.of(new Signature(REGRESS, REGRESS_METHOD,
          Map.of(INPUTS, serialized), outputs, feeds)), null);
    }
    // TF Serving reads a label per score: the names, one row per example
    Operand<TString> names = tf.reshape(LabelNames.constant(tf, classNames),
        tf.constant(new long[] {1, classNames.size()}));
    Operand<TInt64> rows = tf.slice(tf.shape(scores, TInt64.class),
        tf.constant(new long[] {0}), tf.constant(new long[] {1}));
    Output<TString> classes = tf.withName("classes").tile(names,
        tf.concat(List.of(rows, tf.constant(new long[] {1})), tf.constant(0))).asOutput();
    outputs.put("classes", classes);
    outputs.put("scores", scores);
    return new Built(Optional.of(new Signature(CLASSIFY, CLASSIFY_METHOD,
        Map.of(INPUTS, serialized), outputs, feeds)), null);
  }

  /** Null when the input can be read from a feature, else why not. */
  private static String parseable(String key, Output<?> in) {
    if (!in.op().type().startsWith("Placeholder")) {
      return "input " + key + " is computed by a " + in.op().type() + ", not fed";
    }
    Shape shape = in.shape();
    if (shape.isUnknown() || shape.numDimensions() == 0) {
      return "input " + key + " has no batch axis";
    }
    for (int d = 2; d < shape.numDimensions(); d++) {
      if (shape.size(d) < 0) {
        return "input " + key + " has an open axis " + d + " (shape " + shape
            + "): a feature fixes every axis but the first";
      }
    }
    try {
      parsedType(in.dataType());
    } catch (IllegalArgumentException e) {
      return "input " + key + " is " + in.dataType() + ", which no tf.Example feature holds";
    }
    return null;
  }

  /** The dtype a feature is parsed as: float32, int64 or string. */
  static DataType parsedType(DataType type) {
    return switch (type) {
      case DT_FLOAT, DT_DOUBLE, DT_HALF, DT_BFLOAT16 -> DataType.DT_FLOAT;
      case DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16 -> DataType.DT_INT64;
      case DT_STRING -> DataType.DT_STRING;
      default -> throw new IllegalArgumentException(type.toString());
    };
  }

  /** No default (the feature is required) or, for a variable length, the padding value. */
  private static Operand<?> defaultValue(Ops tf, DataType parsed, boolean variable) {
    return switch (parsed) {
      case DT_FLOAT -> variable ? tf.constant(0f) : tf.constant(new float[0]);
      case DT_INT64 -> variable ? tf.constant(0L) : tf.constant(new long[0]);
      default -> variable ? tf.constant("") : strings(tf);
    };
  }

  /** A string vector constant (TF Java has no String[] overload of constant). */
  private static Operand<TString> strings(Ops tf, String... values) {
    return LabelNames.constant(tf, List.of(values));
  }

  @SuppressWarnings("unchecked")
  private static Output<?> castTo(Ops tf, Output<?> value, DataType type) {
    if (value.dataType() == type) {
      return value;
    }
    Class<? extends TType> target = dev.tftune.graph.DataTypes.javaClass(type);
    return tf.dtypes.cast((Operand<TNumber>) value, (Class<TNumber>) target).asOutput();
  }
}
