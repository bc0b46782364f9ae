package dev.tftune.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Numeric examples in memory, one flat array per model input, fed in the input's shape and
 * dtype: what {@link NumericTable} reads from tables and {@link NumpyArrays} from NumPy files.
 *
 * <p>Values are held as floats ({@code float32} holds every integer up to 2^24 exactly, enough
 * for ids and counts); integer inputs get them rounded.
 */
public final class NumericExamples implements Dataset {
  /**
   * What a model input takes.
   *
   * @param shape the shape without the batch dimension; one dimension may be -1, found from
   *     the number of values
   * @param dtype {@code float32}, {@code float64}, {@code int32} or {@code int64}
   */
  public record Input(long[] shape, String dtype) {}

  /** The dtypes numeric inputs may have. */
  static final List<String> DTYPES = List.of("float32", "float64", "int32", "int64");

  private final Map<String, float[]> values;
  private final Map<String, long[]> shapes;
  private final Map<String, String> dtypes;
  private final int[] labels;
  /** A regression's targets or multi-hot class sets, example by example; else null. */
  private final float[][] targets;
  private final boolean multiLabel;
  private final List<String> classNames;
  private final InputPreparation preparation;

  /**
   * @param values each input's values, example after example
   * @param shapes each input's shape without the batch dimension, all known
   * @param targets a regression's targets (then {@code classNames} names them), multi-hot
   *     class sets with {@code multiLabel}, or null
   */
  NumericExamples(Map<String, float[]> values, Map<String, long[]> shapes,
      Map<String, String> dtypes, int[] labels, float[][] targets, boolean multiLabel,
      List<String> classNames, InputPreparation preparation) {
    this.multiLabel = multiLabel;
    this.values = values;
    this.shapes = shapes;
    this.dtypes = dtypes;
    this.labels = labels;
    this.targets = targets;
    this.classNames = List.copyOf(classNames);
    this.preparation = preparation;
  }

  /** Fails unless an input's dtype is one numbers can feed. */
  static void requireNumeric(String key, String dtype) {
    if (!DTYPES.contains(dtype)) {
      throw new DataException("input '" + key + "' takes " + dtype + ", not numbers",
          "feed it from data of its kind (texts, images or tf.Example)");
    }
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public boolean regression() {
    return targets != null && !multiLabel;
  }

  @Override
  public boolean multiLabel() {
    return multiLabel;
  }

  @Override
  public float[] targets(int index) {
    if (targets == null) {
      return Dataset.super.targets(index);
    }
    return targets[index].clone();
  }

  @Override
  public List<String> inputKeys() {
    return List.copyOf(values.keySet());
  }

  /** The shape each input is fed in, without the batch dimension. */
  public long[] shape(String input) {
    return shapes.get(input).clone();
  }

  @Override
  public InputPreparation preparation() {
    return preparation;
  }

  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try {
      for (var e : values.entrySet()) {
        long[] shape = shapes.get(e.getKey());
        int width = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] batch = new float[rows * width];
        for (int k = 0; k < indices.length; k++) {
          System.arraycopy(e.getValue(), indices[k] * width, batch, k * width, width);
        }
        long[] dims = new long[shape.length + 1];
        dims[0] = rows;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        out.put(e.getKey(), tensor(dtypes.get(e.getKey()), Shape.of(dims), batch));
      }
    } catch (RuntimeException e) {
      out.values().forEach(Tensor::close);
      throw e;
    }
    return out;
  }

  private static Tensor tensor(String dtype, Shape shape, float[] v) {
    return switch (dtype) {
      case "float64" -> {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = v[i];
        }
        yield TFloat64.tensorOf(shape, DataBuffers.of(d, true, false));
      }
      case "int32" -> {
        int[] d = new int[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = Math.round(v[i]);
        }
        yield TInt32.tensorOf(shape, DataBuffers.of(d, true, false));
      }
      case "int64" -> {
        long[] d = new long[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = Math.round((double) v[i]);
        }
        yield TInt64.tensorOf(shape, DataBuffers.of(d, true, false));
      }
      default -> TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
    };
  }
}
