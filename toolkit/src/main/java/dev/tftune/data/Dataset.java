package dev.tftune.data;

import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;

/**
 * Labelled examples that can be turned into the input tensors of a model, batch by batch.
 * Implementations hold their examples in memory, already fitted to the model's input.
 */
public interface Dataset {

  /** Number of examples. */
  int size();

  /** The class index of an example, in [0, classNames().size()). */
  int label(int index);

  /**
   * Class names by index; written as {@code labels.txt} in exports. For regression data
   * ({@link #regression()}), the names of the values each example has, one per output.
   */
  List<String> classNames();

  /**
   * True when the examples carry numeric targets ({@link #targets}) instead of classes: a
   * regression head then predicts one value per name of {@link #classNames()}. False by
   * default.
   */
  default boolean regression() {
    return false;
  }

  /**
   * True when each example has a set of classes ({@link #targets} gives it multi-hot: 1 for
   * each of its classes) rather than one. False by default.
   */
  default boolean multiLabel() {
    return false;
  }

  /**
   * The numeric targets of an example, one per name of {@link #classNames()}: a regression's
   * values, or the multi-hot class set of multi-label data.
   *
   * @throws UnsupportedOperationException for single-label classification data (the default)
   */
  default float[] targets(int index) {
    throw new UnsupportedOperationException("the examples have classes, not numeric targets");
  }

  /**
   * The padded size of an example, for data whose batches are padded to their longest example
   * (token sequences); 0, the default, for fixed-size examples. When it is positive, trainers
   * group examples of similar length into batches so little compute goes to padding.
   */
  default int length(int index) {
    return 0;
  }

  /**
   * True when the same examples give different tensors from batch to batch (augmentation):
   * their features cannot be cached. False by default.
   */
  default boolean randomized() {
    return false;
  }

  /**
   * What a run resumed from a checkpoint must restore so that later batches are drawn as in the
   * uninterrupted run (augmentation draws so far); empty, the default, for data that draws
   * nothing.
   */
  default int[] drawState() {
    return new int[0];
  }

  /** Restores what {@link #drawState()} returned; does nothing by default. */
  default void restoreDrawState(int[] state) {}

  /** A view of some of the examples, in the given order (indices into this dataset). */
  default Dataset select(int[] indices) {
    return new SelectedExamples(this, indices);
  }

  /** The same examples as evaluation should see them (without augmentation); this by default. */
  default Dataset forEvaluation() {
    return this;
  }

  /**
   * How the examples were made into tensors, recorded with a trained model and its export so
   * that later data is prepared alike; {@link InputPreparation#tensors()} by default.
   */
  default InputPreparation preparation() {
    return InputPreparation.tensors();
  }

  /** Keys of the tensors {@link #batch} returns, such as {@code image}. */
  List<String> inputKeys();

  /**
   * The input tensors of some examples, in the order given.
   *
   * @param indices example indices
   * @param rows the batch size of the tensors, at least {@code indices.length}; the rows past
   *     the examples are zeros (padding for graphs with a fixed batch size)
   * @return tensors by input key; the caller closes them
   */
  Map<String, Tensor> batch(int[] indices, int rows);
}
