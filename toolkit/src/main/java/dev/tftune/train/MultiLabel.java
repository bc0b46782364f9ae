package dev.tftune.train;

import dev.tftune.data.Dataset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.framework.losses.Losses;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Multi-label classification: any number of classes per example, a sigmoid per class trained
 * with binary cross-entropy; a class is predicted when its probability exceeds 0.5.
 */
final class MultiLabel implements Objective {
  /** The probability above which a class counts as predicted. */
  static final float THRESHOLD = 0.5f;

  @Override
  public boolean predictsLabelSets() {
    return true;
  }

  @Override
  public Operand<?> labels(Ops tf) {
    return tf.withName("label_sets").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, -1)));
  }

  @Override
  public Tensor labelBatch(Dataset data, int[] idx, int rows) {
    int k = data.classNames().size();
    float[] values = new float[rows * k];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(data.targets(idx[i]), 0, values, i * k, k);
    }
    return TFloat32.tensorOf(Shape.of(rows, k), DataBuffers.of(values, true, false));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> logits, Operand<?> labels) {
    return Losses.binaryCrossentropy(tf, (Operand<TFloat32>) labels, logits, true, 0f);
  }

  /** 1 when every class is predicted right (subset accuracy, scikit-learn's default). */
  @Override
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> hits(Ops tf, Operand<TFloat32> logits, Operand<?> labels) {
    // logit > 0 is probability > 0.5
    Operand<TFloat32> predicted = tf.dtypes.cast(tf.math.greater(logits, tf.constant(0f)),
        TFloat32.class);
    Operand<TFloat32> wrong = tf.reduceSum(tf.math.abs(tf.math.sub(predicted,
        (Operand<TFloat32>) labels)), tf.constant(-1));
    return tf.dtypes.cast(tf.math.equal(wrong, tf.constant(0f)), TFloat32.class);
  }

  @Override
  public Map<String, Output<?>> servingOutputs(Ops tf, Operand<TFloat32> logits) {
    Map<String, Output<?>> out = new LinkedHashMap<>();
    out.put(Classification.PROBABILITIES,
        tf.withName(Classification.PROBABILITIES).math.sigmoid(logits).asOutput());
    out.put(Classification.CLASSES, tf.withName(Classification.CLASSES).dtypes.cast(
        tf.math.greater(logits, tf.constant(0f)), TInt64.class).asOutput());
    return out;
  }

  @Override
  public String toString() {
    return "multi-label classification";
  }
}
