package dev.tftune.train;

import dev.tftune.data.Dataset;
import dev.tftune.savedmodel.BaseModel;
import java.nio.FloatBuffer;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's input for every example of a dataset, computed once through a frozen base: later
 * steps feed batches of it in place of the base.
 */
final class CachedFeatures {
  private static final Logger LOG = LoggerFactory.getLogger(CachedFeatures.class);
  private static final int EXTRACT_BATCH = 64;

  private final Dataset data;
  private final FloatBuffer values;
  private final int dim;

  private CachedFeatures(Dataset data, FloatBuffer values, int dim) {
    this.data = data;
    this.values = values;
    this.dim = dim;
  }

  /**
   * Where features come from: the pooled feature tensor of a base, its width, and a key that
   * names the tensor and the pooling, so that fits computing the same features share them.
   */
  record Source(BaseModel base, BaseInputs inputs, Output<TFloat32> pooled, int dim,
      String key) {}

  /**
   * The features of a dataset: read from the on-disk cache when it holds them, else computed
   * by running the base once over every example (and written to the cache when there is one).
   *
   * @param cache null for none
   * @param n which of the run's datasets this is, for the cache's file name
   */
  static CachedFeatures of(Source graph, Dataset data, FeatureCache cache, int n) {
    int dim = graph.dim();
    if (cache != null) {
      FloatBuffer stored = cache.read(n, data.size(), dim);
      if (stored != null) {
        LOG.info("base frozen: features of all {} examples read from {}", data.size(),
            cache.file(n));
        return new CachedFeatures(data, stored, dim);
      }
    }
    LOG.info("base frozen: computing its features once for all {} examples", data.size());
    if (cache == null) {
      float[] flat = extract(graph, data);
      checkWidth(graph, data.size() == 0 ? dim : flat.length / data.size());
      return new CachedFeatures(data, FloatBuffer.wrap(flat), dim);
    }
    int[] width = {dim};
    try (FeatureCache.Writer writer = cache.writer(n, data.size())) {
      extract(graph, data, new FeatureExtractor.Rows() {
        @Override
        public void start(int perExample) {
          width[0] = perExample;
          checkWidth(graph, perExample);
          writer.start(perExample);
        }

        @Override
        public void put(int example, float[] values, int offset, int length) {
          writer.put(example, values, offset, length);
        }
      });
      writer.commit();
    }
    LOG.info("features written to {}; a run with the same base and data reads them",
        cache.file(n));
    return new CachedFeatures(data, cache.read(n, data.size(), dim), dim);
  }

  /**
   * A tensor whose first dimension is not the examples (a Reshape that merges the batch with
   * the time steps, as Keras' Dense on a sequence does) gives another number of values per
   * example than the head's width: refused before anything is cached.
   */
  private static void checkWidth(Source graph, int perExample) {
    if (perExample != graph.dim()) {
      throw new dev.tftune.TftuneException("the feature tensor gives " + perExample
          + " values per example, not the " + graph.dim() + " its shape says: its first "
          + "dimension is not the batch (a reshape that merges the batch with the sequence, "
          + "say)", "choose --features a tensor whose first dimension is the examples, such as "
          + "the recurrent or pooling layer's output");
    }
  }

  /** Runs the base once over every example of the data, into the heap. */
  private static float[] extract(Source graph, Dataset data) {
    try {
      return extractor(graph).extractFlat(data, graph.inputs());
    } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
      throw StepRunner.dataError(e);
    }
  }

  /** Runs the base once over every example of the data, handing the rows on. */
  private static void extract(Source graph, Dataset data, FeatureExtractor.Rows rows) {
    try {
      extractor(graph).extractTo(data, graph.inputs(), rows);
    } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
      throw StepRunner.dataError(e);
    }
  }

  private static FeatureExtractor extractor(Source graph) {
    return FeatureExtractor.of(graph.base(), graph.pooled()).batchSize(EXTRACT_BATCH);
  }

  /** The {@code [examples, dim]} features, row by row in the dataset's order. */
  FloatBuffer values() {
    return values.duplicate();
  }

  /** Whether these are the features of that dataset. */
  boolean of(Dataset other) {
    return data == other;
  }

  /** The features of some examples, as a {@code [examples, dim]} tensor the caller closes. */
  TFloat32 batch(int[] idx) {
    float[] batch = new float[idx.length * dim];
    for (int i = 0; i < idx.length; i++) {
      values.get(idx[i] * dim, batch, i * dim, dim);
    }
    return TFloat32.tensorOf(Shape.of(idx.length, dim), DataBuffers.of(batch));
  }
}
