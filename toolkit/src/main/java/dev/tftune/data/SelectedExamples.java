package dev.tftune.data;

import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;

/** Some examples of a dataset, in a given order, as a dataset of their own (a view). */
final class SelectedExamples implements Dataset {
  private final Dataset data;
  private final int[] indices;

  SelectedExamples(Dataset data, int[] indices) {
    for (int i : indices) {
      if (i < 0 || i >= data.size()) {
        throw new IndexOutOfBoundsException("example " + i + " of " + data.size());
      }
    }
    this.data = data;
    this.indices = indices.clone();
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public int label(int index) {
    return data.label(indices[index]);
  }

  @Override
  public List<String> classNames() {
    return data.classNames();
  }

  @Override
  public boolean regression() {
    return data.regression();
  }

  @Override
  public boolean multiLabel() {
    return data.multiLabel();
  }

  @Override
  public float[] targets(int index) {
    return data.targets(indices[index]);
  }

  @Override
  public int length(int index) {
    return data.length(indices[index]);
  }

  @Override
  public boolean randomized() {
    return data.randomized();
  }

  @Override
  public Dataset forEvaluation() {
    Dataset plain = data.forEvaluation();
    return plain == data ? this : new SelectedExamples(plain, indices);
  }

  @Override
  public InputPreparation preparation() {
    return data.preparation();
  }

  @Override
  public List<String> inputKeys() {
    return data.inputKeys();
  }

  @Override
  public Map<String, Tensor> batch(int[] batch, int rows) {
    int[] mapped = new int[batch.length];
    for (int i = 0; i < batch.length; i++) {
      mapped[i] = indices[batch[i]];
    }
    return data.batch(mapped, rows);
  }
}
