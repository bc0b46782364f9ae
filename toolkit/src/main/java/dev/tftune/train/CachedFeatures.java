package dev.tftune.train;

import dev.tftune.data.Dataset;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The head's input for every example of a dataset, computed once through a frozen base: later
 * steps feed batches of it in place of the base.
 */
final class CachedFeatures {
  private static final int EXTRACT_BATCH = 64;

  private final Dataset data;
  private final float[] values;
  private final int dim;

  private CachedFeatures(Dataset data, float[] values, int dim) {
    this.data = data;
    this.values = values;
    this.dim = dim;
  }

  /** Runs the base once over every example of the data. */
  static CachedFeatures extract(FineTuningGraph graph, Dataset data) {
    float[] values;
    try {
      values = FeatureExtractor.of(graph.base, graph.pooledBase).batchSize(EXTRACT_BATCH)
          .extractFlat(data, graph.inputs);
    } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
      throw StepRunner.dataError(e);
    }
    return new CachedFeatures(data, values, (int) graph.head.inputDim());
  }

  /** Whether these are the features of that dataset. */
  boolean of(Dataset other) {
    return data == other;
  }

  /** The features of some examples, as a {@code [examples, dim]} tensor the caller closes. */
  TFloat32 batch(int[] idx) {
    float[] batch = new float[idx.length * dim];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(values, idx[i] * dim, batch, i * dim, dim);
    }
    return TFloat32.tensorOf(Shape.of(idx.length, dim), DataBuffers.of(batch));
  }
}
