package dev.tftune.testing;

import dev.tftune.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.tensorflow.Tensor;

/**
 * Another dataset's examples with lengths of the test's choosing (as if they were token
 * sequences), recording the indices of every batch asked for.
 */
public final class RecordingDataset implements Dataset {
  private final Dataset inner;
  private final IntUnaryOperator length;
  private final List<int[]> batches = new ArrayList<>();

  public RecordingDataset(Dataset inner, IntUnaryOperator length) {
    this.inner = inner;
    this.length = length;
  }

  /** The batches asked for so far, in order. */
  public List<int[]> batches() {
    return batches;
  }

  @Override
  public int length(int index) {
    return length.applyAsInt(index);
  }

  @Override
  public int size() {
    return inner.size();
  }

  @Override
  public int label(int index) {
    return inner.label(index);
  }

  @Override
  public List<String> classNames() {
    return inner.classNames();
  }

  @Override
  public List<String> inputKeys() {
    return inner.inputKeys();
  }

  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    batches.add(indices.clone());
    return inner.batch(indices, rows);
  }
}
