package dev.tftune.head;

import dev.tftune.graph.GraphVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.framework.regularizers.L2;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A {@link DenseHead} added to a graph: its variables, and the ops that turn features into
 * logits. One head can be applied to several feature tensors (cached features while training,
 * the base model's tensor for export); they share the variables.
 */
public final class HeadGraph {
  private final DenseHead spec;
  private final long[] featureShape;
  private final long seed;
  private final List<GraphVariable> kernels = new ArrayList<>();
  private final List<GraphVariable> biases = new ArrayList<>();
  private final List<Op> initializers = new ArrayList<>();
  /** The z-scoring of the pooled features; null for none. */
  private final Standardization.Constants standardization;

  private HeadGraph(DenseHead spec, long[] featureShape, long seed,
      Standardization.Constants standardization) {
    this.spec = spec;
    this.featureShape = featureShape.clone();
    this.seed = seed;
    this.standardization = standardization;
  }

  /**
   * Creates the head's variables under {@code tf}'s scope.
   *
   * @param featureShape static shape of one example's features, without the batch dimension
   * @param numClasses number of logits
   * @param seed seeds the initial weights and the dropout masks
   */
  public static HeadGraph create(Ops tf, DenseHead spec, long[] featureShape, int numClasses,
      long seed) {
    return create(tf, spec, featureShape, numClasses, seed, null, null);
  }

  /**
   * Creates the head's variables under {@code tf}'s scope, with its pooled features z-scored by
   * {@code standardization} (null for none) before the first dense layer.
   *
   * @param logitBias initial bias of each logit; null for zeros
   */
  public static HeadGraph create(Ops tf, DenseHead spec, long[] featureShape, int numClasses,
      long seed, Standardization standardization, float[] logitBias) {
    if (logitBias != null && logitBias.length != numClasses) {
      throw new IllegalArgumentException(logitBias.length + " biases for " + numClasses
          + " logits");
    }
    HeadGraph head = new HeadGraph(spec, featureShape, seed, standardization == null ? null
        : standardization.constants(tf.withSubScope("standardize")));
    SplittableRandom random = new SplittableRandom(seed);
    long in = spec.pooling().outputDim(featureShape);
    int[] hidden = spec.hiddenUnits();
    for (int i = 0; i <= hidden.length; i++) {
      long out = i < hidden.length ? hidden[i] : numClasses;
      String name = i < hidden.length ? "dense_" + i : "logits";
      float[] bias = i < hidden.length || logitBias == null ? new float[(int) out]
          : logitBias.clone();
      head.addLayer(tf.withSubScope(name), in, out, bias, random);
      in = out;
    }
    return head;
  }

  private void addLayer(Ops tf, long in, long out, float[] initialBias,
      SplittableRandom random) {
    float limit = (float) Math.sqrt(6.0 / (in + out));
    float[] w = new float[Math.toIntExact(in * out)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    GraphVariable.Created kernel = GraphVariable.create(tf, "kernel", w, in, out);
    GraphVariable.Created bias = GraphVariable.create(tf, "bias", initialBias, out);
    kernels.add(kernel.variable());
    biases.add(bias.variable());
    initializers.add(kernel.init());
    initializers.add(bias.init());
  }

  /**
   * Biases that make a head with zero kernels predict each class at its share of {@code
   * counts}, each count multiplied by its weight: {@code log(share)}, centred. A class without
   * examples counts as half an example, so its bias stays finite.
   *
   * @param weights per-class weights; null for 1 each
   */
  public static float[] priorBias(long[] counts, float[] weights) {
    double[] logs = new double[counts.length];
    double mean = 0;
    for (int c = 0; c < counts.length; c++) {
      double w = weights == null ? 1 : weights[c];
      logs[c] = Math.log(Math.max(counts[c], 0.5) * Math.max(w, 1e-6));
      mean += logs[c] / counts.length;
    }
    float[] bias = new float[counts.length];
    for (int c = 0; c < counts.length; c++) {
      bias[c] = (float) (logs[c] - mean);
    }
    return bias;
  }

  /**
   * Each class's log odds among some examples of multi-label data, so a head with zero kernels
   * predicts each class at its frequency: {@code log(p / (1 - p))}, with {@code p} kept within
   * half an example of 0 and 1.
   */
  public static float[] logOdds(dev.tftune.data.Dataset data, int[] idx) {
    float[] mean = meanTargets(data, idx);
    double half = 0.5 / Math.max(idx.length, 1);
    for (int c = 0; c < mean.length; c++) {
      double p = Math.min(Math.max(mean[c], half), 1 - half);
      mean[c] = (float) Math.log(p / (1 - p));
    }
    return mean;
  }

  /** The mean of each target over some examples of regression data. */
  public static float[] meanTargets(dev.tftune.data.Dataset data, int[] idx) {
    double[] sum = new double[data.classNames().size()];
    for (int i : idx) {
      float[] t = data.targets(i);
      for (int k = 0; k < sum.length; k++) {
        sum[k] += t[k];
      }
    }
    float[] mean = new float[sum.length];
    for (int k = 0; k < sum.length; k++) {
      mean[k] = idx.length == 0 ? 0f : (float) (sum[k] / idx.length);
    }
    return mean;
  }

  /** Kernels and biases, layer by layer. */
  public List<GraphVariable> variables() {
    List<GraphVariable> all = new ArrayList<>();
    for (int i = 0; i < kernels.size(); i++) {
      all.add(kernels.get(i));
      all.add(biases.get(i));
    }
    return all;
  }

  /** Ops that set the initial values; run once. */
  public List<Op> initializers() {
    return List.copyOf(initializers);
  }

  /** Length of the pooled feature vector the dense layers take. */
  public long inputDim() {
    return spec.pooling().outputDim(featureShape);
  }

  /** The parameter-free part: pools or flattens features to [batch, inputDim]. */
  public Operand<TFloat32> pool(Ops tf, Operand<TFloat32> features) {
    return spec.pooling().apply(tf, features, featureShape);
  }

  /** Whether the pooled features are z-scored before the dense layers. */
  public boolean standardizes() {
    return standardization != null;
  }

  /**
   * The L2 penalty on the kernels, {@code l2 * sum(w^2)} summed over layers (TensorFlow Java
   * Framework's regularizer), or null when the head has none.
   */
  public Operand<TFloat32> penalty(Ops tf) {
    if (spec.l2() == 0) {
      return null;
    }
    L2 l2 = new L2(spec.l2());
    Operand<TFloat32> sum = null;
    for (GraphVariable k : kernels) {
      Operand<TFloat32> p = l2.call(tf, k.read(tf));
      sum = sum == null ? p : tf.math.add(sum, p);
    }
    return sum;
  }

  /** Logits from pooled features, without dropout (evaluation and serving). */
  public Operand<TFloat32> logits(Ops tf, Operand<TFloat32> pooled) {
    return logits(tf, pooled, null);
  }

  /**
   * Logits from pooled features while training: dropout masks are drawn from the seed, the
   * fed step and the layer alone (stateless random ops), so a run resumed from a checkpoint
   * draws the masks the uninterrupted run drew.
   *
   * @param step the 1-based training step, fed each step
   */
  public Operand<TFloat32> trainingLogits(Ops tf, Operand<TFloat32> pooled,
      Operand<TFloat32> step) {
    return logits(tf, pooled, step);
  }

  private Operand<TFloat32> logits(Ops tf, Operand<TFloat32> pooled, Operand<TFloat32> step) {
    Operand<TFloat32> x = standardization == null ? pooled : standardization.apply(tf, pooled);
    for (int i = 0; i < kernels.size(); i++) {
      if (step != null && spec.dropout() > 0) {
        x = dropout(tf, x, i, step);
      }
      x = tf.math.add(tf.linalg.matMul(x, kernels.get(i).read(tf)), biases.get(i).read(tf));
      if (i < kernels.size() - 1) {
        x = spec.activation().apply(tf, x);
      }
    }
    return x;
  }

  /** Inverted dropout: kept units are scaled by 1/keep so inference needs no change. */
  private Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, int layer,
      Operand<TFloat32> step) {
    float keep = 1 - spec.dropout();
    // key (seed, step * 64 + layer): steps are exact in float32 up to 2^24
    Operand<TInt64> key = tf.concat(List.of(tf.constant(new long[] {seed}),
        tf.math.add(tf.math.mul(tf.reshape(tf.dtypes.cast(step, TInt64.class),
            tf.constant(new long[] {1})), tf.constant(64L)), tf.constant(layer + 1L))),
        tf.constant(0));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), key, TFloat32.class);
    Operand<TFloat32> mask = tf.math.floor(tf.math.add(u, tf.constant(keep)));
    return tf.math.div(tf.math.mul(x, mask), tf.constant(keep));
  }
}
