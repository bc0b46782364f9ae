package dev.tftune.train;

import dev.tftune.data.Dataset;
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

/** Regression: one value per output, fitted by MSE, MAE or Huber loss. */
final class Regression implements Objective {
  /** The serving output of the predicted values. */
  static final String PREDICTIONS = "predictions";

  private final RegressionLoss loss;

  Regression(RegressionLoss loss) {
    this.loss = loss;
  }

  @Override
  public boolean classifies() {
    return false;
  }

  @Override
  public Operand<?> labels(Ops tf) {
    return tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1,
        -1)));
  }

  @Override
  public Tensor labelBatch(Dataset data, int[] idx, int rows) {
    int k = data.classNames().size();
    float[] values = new float[rows * k];
    for (int i = 0; i < idx.length; i++) {
      float[] t = data.targets(idx[i]);
      System.arraycopy(t, 0, values, i * k, k);
    }
    return TFloat32.tensorOf(Shape.of(rows, k), DataBuffers.of(values, true, false));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> outputs, Operand<?> labels) {
    Operand<TFloat32> targets = (Operand<TFloat32>) labels;
    return switch (loss) {
      case MSE -> Losses.meanSquaredError(tf, targets, outputs);
      case MAE -> Losses.meanAbsoluteError(tf, targets, outputs);
      case HUBER -> Losses.huber(tf, targets, outputs, RegressionLoss.HUBER_DELTA);
    };
  }

  /** No example is "right" in a regression: accuracy is not reported for it. */
  @Override
  public Operand<TFloat32> hits(Ops tf, Operand<TFloat32> outputs, Operand<?> labels) {
    return tf.math.mul(tf.reduceSum(outputs, tf.constant(-1)), tf.constant(0f));
  }

  @Override
  public Map<String, Output<?>> servingOutputs(Ops tf, Operand<TFloat32> outputs) {
    return Map.of(PREDICTIONS, tf.withName(PREDICTIONS).identity(outputs).asOutput());
  }

  @Override
  public String toString() {
    return "regression (" + loss.label() + ")";
  }
}
