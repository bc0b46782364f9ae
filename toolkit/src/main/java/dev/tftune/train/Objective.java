package dev.tftune.train;

import dev.tftune.data.Dataset;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What the head's raw outputs are trained to be: the labels it is fed, the per-example loss,
 * which examples count as right, and the named outputs serving returns. The training graph and
 * the loop know nothing else of the task, so another objective (regression, multi-label,
 * reconstruction) needs no change to them.
 */
public interface Objective {

  /**
   * Softmax cross-entropy over class ids; serving returns {@code probabilities} and
   * {@code classes}.
   */
  static Objective classification() {
    return new Classification(0);
  }

  /**
   * Softmax cross-entropy against labels smoothed towards the uniform distribution (Szegedy et
   * al.; Keras' {@code label_smoothing}): the true class's target is {@code 1 - s + s / k},
   * the others' {@code s / k}. Computed by TensorFlow Java Framework's
   * {@code Losses.categoricalCrossentropy}; 0 is plain {@link #classification()}.
   *
   * @param smoothing in [0, 1)
   */
  static Objective classification(float smoothing) {
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new dev.tftune.ConfigurationException("a label smoothing of " + smoothing,
          "pass a value in [0, 1) such as 0.1");
    }
    return new Classification(smoothing);
  }

  /**
   * Regression: the head's outputs are the predicted values themselves, one per name of the
   * data's {@code classNames()}, trained with the given loss; serving returns
   * {@code predictions}. The data must be {@link Dataset#regression() regression} data.
   */
  static Objective regression(RegressionLoss loss) {
    return new Regression(java.util.Objects.requireNonNull(loss));
  }

  /**
   * Multi-label classification: each example has any number of the classes (the data's
   * {@link Dataset#multiLabel() multi-hot targets}); a sigmoid per class, binary
   * cross-entropy (TensorFlow Java Framework's); serving returns {@code probabilities} (one per
   * class) and {@code classes} (1 where above 0.5).
   */
  static Objective multiLabel() {
    return new MultiLabel();
  }

  /** True for objectives over classes; false for regression (no accuracy, no class weights). */
  default boolean classifies() {
    return true;
  }

  /** True for multi-label classification (a set of classes per example). */
  default boolean predictsLabelSets() {
    return false;
  }

  /** The placeholder of a batch's labels, one row per example. */
  Operand<?> labels(Ops tf);

  /**
   * The labels of some examples as a tensor for {@link #labels}: {@code rows} rows, the ones
   * past the examples padding (their weight is 0). The caller closes it.
   */
  Tensor labelBatch(Dataset data, int[] idx, int rows);

  /** The loss of each example, from the head's raw outputs and the labels. */
  Operand<TFloat32> loss(Ops tf, Operand<TFloat32> outputs, Operand<?> labels);

  /** 1 for each example that counts as right, else 0 (the numerator of accuracy). */
  Operand<TFloat32> hits(Ops tf, Operand<TFloat32> outputs, Operand<?> labels);

  /**
   * The outputs serving returns, by signature output key, computed from the raw outputs: a
   * classifier's {@code probabilities} and {@code classes}, a regression's
   * {@code predictions}. The first float output is the one exports are verified on.
   */
  Map<String, Output<?>> servingOutputs(Ops tf, Operand<TFloat32> outputs);
}
