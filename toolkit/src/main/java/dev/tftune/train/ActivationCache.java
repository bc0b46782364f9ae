package dev.tftune.train;

import dev.tftune.data.Dataset;
import dev.tftune.graph.Tensors;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Each example's activations at the top of the frozen part of a partly unfrozen base (one
 * tensor, such as the output of the last frozen encoder layer), kept from the first time a batch
 * computes them. A step whose examples are all kept feeds them in place of that tensor, and
 * TensorFlow skips everything below it: later epochs run only the trainable top.
 *
 * <p>Token-level tensors ({@code [batch * length, width]} as BERT's encoder keeps them, or
 * {@code [batch, length, width]}) are kept for the example's own tokens and padded with zeros
 * to each batch's length; padding positions are masked out of attention and pooling, so they
 * never reach a result.
 */
final class ActivationCache {
  private static final Logger LOG = LoggerFactory.getLogger(ActivationCache.class);

  /** How an example sits in the tensor. */
  private enum Layout {
    /** {@code [batch, ...]}: one row per example. */
    EXAMPLE,
    /** {@code [batch * length, width...]}: token rows of each example one after another. */
    FLAT_TOKENS,
    /** {@code [batch, length, width...]}. */
    TOKENS,
    /** {@code [batch * k, width...]} for examples of a fixed {@code k} rows each. */
    FIXED_ROWS
  }

  private final Output<TFloat32> tensor;
  private final float[][] kept;
  private final long budgetFloats;
  private Layout layout;
  /** The shape of one example's (or one token's) values. */
  private long[] unit;
  /** Rows per example in the FIXED_ROWS layout. */
  private long fixedRows;
  private long floats;
  private boolean off;

  ActivationCache(Output<TFloat32> tensor, int examples, long budgetBytes) {
    this.tensor = tensor;
    this.kept = new float[examples][];
    this.budgetFloats = budgetBytes / Float.BYTES;
  }

  Output<TFloat32> tensor() {
    return tensor;
  }

  /** Whether every example of the batch is kept, so the batch can be fed from here. */
  boolean covers(int[] idx) {
    if (off) {
      return false;
    }
    for (int i : idx) {
      if (kept[i] == null) {
        return false;
      }
    }
    return true;
  }

  /** Whether a run over these examples should fetch the tensor to keep it. */
  boolean wants(int[] idx) {
    return !off && !covers(idx);
  }

  /** Floats of one example's slot in a batch padded to {@code length} tokens. */
  private long slot(int length) {
    return elements(unit) * switch (layout) {
      case EXAMPLE -> 1;
      case FIXED_ROWS -> fixedRows;
      case FLAT_TOKENS, TOKENS -> length;
    };
  }

  /** Feeds the kept activations of a batch of {@code rows} (examples, then zero padding). */
  Tensor feed(Session.Runner runner, Dataset data, int[] idx, int rows) {
    int length = batchLength(data, idx);
    long per = slot(length);
    float[] batch = new float[(int) (rows * per)];
    for (int r = 0; r < idx.length; r++) {
      System.arraycopy(kept[idx[r]], 0, batch, (int) (r * per), kept[idx[r]].length);
    }
    long[] dims = switch (layout) {
      case EXAMPLE -> concat(new long[] {rows}, unit);
      case FLAT_TOKENS -> concat(new long[] {(long) rows * length}, unit);
      case TOKENS -> concat(new long[] {rows, length}, unit);
      case FIXED_ROWS -> concat(new long[] {rows * fixedRows}, unit);
    };
    TFloat32 t = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(batch));
    runner.feed(tensor, t);
    return t;
  }

  /** Keeps the examples' activations from a run's value of the tensor. */
  void keep(TFloat32 value, Dataset data, int[] idx, int rows) {
    if (off) {
      return;
    }
    int length = batchLength(data, idx);
    long[] shape = value.shape().asArray();
    if (layout == null && !learnLayout(shape, data, idx, rows, length)) {
      return;
    }
    float[] all = Tensors.floats(value);
    long per = slot(length);
    for (int r = 0; r < idx.length; r++) {
      if (kept[idx[r]] != null) {
        continue;
      }
      int size = (int) (layout == Layout.FLAT_TOKENS || layout == Layout.TOKENS
          ? elements(unit) * Math.max(1, data.length(idx[r])) : per);
      kept[idx[r]] = Arrays.copyOfRange(all, (int) (r * per), (int) (r * per) + size);
      floats += size;
    }
  }

  /**
   * Works out the layout from the first value; false when it fits none (and the cache turns
   * off) or, for token data, when every example of the batch is one token long (a token tensor
   * and a per-example one look alike then: the next batch decides).
   */
  private boolean learnLayout(long[] shape, Dataset data, int[] idx, int rows, int length) {
    boolean tokens = data.length(idx[0]) > 0;
    if (tokens && length == 1) {
      return false;
    }
    if (tokens && shape.length >= 3 && shape[0] == rows && shape[1] == length) {
      layout = Layout.TOKENS;
      unit = Arrays.copyOfRange(shape, 2, shape.length);
    } else if (tokens && shape.length >= 2 && shape[0] == (long) rows * length) {
      layout = Layout.FLAT_TOKENS;
      unit = Arrays.copyOfRange(shape, 1, shape.length);
    } else if (shape.length >= 1 && shape[0] == rows) {
      layout = Layout.EXAMPLE;
      unit = Arrays.copyOfRange(shape, 1, shape.length);
    } else if (!tokens && shape.length >= 2 && shape[0] > rows && shape[0] % rows == 0) {
      // tokens flattened at a fixed length (texts padded to the encoder's length)
      layout = Layout.FIXED_ROWS;
      fixedRows = shape[0] / rows;
      unit = Arrays.copyOfRange(shape, 1, shape.length);
    } else {
      return turnOff("its shape " + Arrays.toString(shape) + " does not follow the batch");
    }
    long perExample = layout == Layout.FLAT_TOKENS || layout == Layout.TOKENS
        ? elements(unit) * meanTokens(data) : slot(1);
    long needed = perExample * kept.length;
    if (needed > budgetFloats) {
      return turnOff(String.format("they would take %.1f GB (more than %.1f GB)",
          needed * 4 / 1e9, budgetFloats * 4 / 1e9));
    }
    LOG.info("frozen layers: their output {} ({} per {}) is kept after its first computation, "
        + "about {} MB; later epochs run only the layers that train", tensor.op().name(),
        Arrays.toString(unit), layout == Layout.EXAMPLE ? "example" : "token",
        String.format("%.1f", needed * 4 / 1e6));
    return true;
  }

  private boolean turnOff(String why) {
    off = true;
    LOG.info("frozen layers: their output {} is computed on every step ({})",
        tensor.op().name(), why);
    return false;
  }

  /** The padded length data.batch gives these examples: the longest one's. */
  private static int batchLength(Dataset data, int[] idx) {
    int length = 1;
    for (int i : idx) {
      length = Math.max(length, data.length(i));
    }
    return length;
  }

  private static long meanTokens(Dataset data) {
    long sum = 0;
    for (int i = 0; i < data.size(); i++) {
      sum += Math.max(1, data.length(i));
    }
    return (sum + data.size() - 1) / data.size();
  }

  private static long elements(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Examples kept so far, for logs and tests. */
  long keptFloats() {
    return floats;
  }
}
