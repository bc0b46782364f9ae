package dev.tftune.train;

import dev.tftune.data.Dataset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.framework.losses.Losses;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Single-label classification: class ids, softmax cross-entropy, argmax for the class. */
final class Classification implements Objective {
  /** The serving output of the class probabilities. */
  static final String PROBABILITIES = "probabilities";
  /** The serving output of the most probable class id. */
  static final String CLASSES = "classes";

  private final float smoothing;

  Classification(float smoothing) {
    this.smoothing = smoothing;
  }

  @Override
  public Operand<?> labels(Ops tf) {
    return tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  }

  @Override
  public Tensor labelBatch(Dataset data, int[] idx, int rows) {
    int[] labels = new int[rows];
    for (int i = 0; i < idx.length; i++) {
      labels[i] = data.label(idx[i]);
    }
    return TInt32.vectorOf(labels);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> logits, Operand<?> labels) {
    if (smoothing == 0) {
      return tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, (Operand<TInt32>) labels).loss();
    }
    Operand<TFloat32> targets = tf.oneHot((Operand<TInt32>) labels,
        tf.constant((int) logits.shape().size(-1)), tf.constant(1f), tf.constant(0f));
    return Losses.categoricalCrossentropy(tf, targets, logits, true, smoothing, -1);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> hits(Ops tf, Operand<TFloat32> logits, Operand<?> labels) {
    Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(-1), TInt32.class);
    return tf.dtypes.cast(tf.math.equal(predicted, (Operand<TInt32>) labels), TFloat32.class);
  }

  @Override
  public Map<String, Output<?>> servingOutputs(Ops tf, Operand<TFloat32> logits) {
    Map<String, Output<?>> out = new LinkedHashMap<>();
    out.put(PROBABILITIES, tf.withName(PROBABILITIES).nn.softmax(logits).asOutput());
    out.put(CLASSES, tf.withName(CLASSES).math.argMax(logits, tf.constant(-1)).asOutput());
    return out;
  }

  @Override
  public String toString() {
    return smoothing == 0 ? "classification"
        : "classification (label smoothing " + smoothing + ")";
  }
}
