package dev.tftune.train;

import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import dev.tftune.data.Batches;
import dev.tftune.data.Dataset;
import dev.tftune.savedmodel.BaseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Computes a tensor of a base model for every example of a dataset: embeddings, or the cached
 * features of a frozen base. Examples padded per batch (token sequences) run sorted by length,
 * so batches carry little padding; results come back in the dataset's order.
 *
 * <pre>{@code
 * float[][] vectors = FeatureExtractor.of(bert.base(), bert.features(BertPooling.MEAN))
 *     .batchSize(32).extract(texts);
 * }</pre>
 */
public final class FeatureExtractor {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractor.class);
  /** Default examples per run. */
  public static final int DEFAULT_BATCH = 64;

  private final BaseModel base;
  private final Output<TFloat32> tensor;
  private final int batchSize;
  private long examplesRun;

  private FeatureExtractor(BaseModel base, Output<TFloat32> tensor, int batchSize) {
    this.base = base;
    this.tensor = tensor;
    this.batchSize = base.fixedBatch() > 0 ? (int) base.fixedBatch() : batchSize;
  }

  /**
   * An extractor of a float tensor whose first dimension is the batch.
   *
   * @param tensorName a tensor name, op name or signature output key
   * @throws TftuneException when the tensor is not float32
   */
  public static FeatureExtractor of(BaseModel base, String tensorName) {
    return new FeatureExtractor(base, floatTensor(base, tensorName), DEFAULT_BATCH);
  }

  /** An extractor of a float tensor of the base model's graph, such as BertModel.features. */
  public static FeatureExtractor of(BaseModel base, Output<TFloat32> tensor) {
    return new FeatureExtractor(base, tensor, DEFAULT_BATCH);
  }

  /** Examples per run (default {@value #DEFAULT_BATCH}; a graph's fixed batch wins). */
  public FeatureExtractor batchSize(int rows) {
    if (rows < 1) {
      throw new ConfigurationException("a batch size of " + rows,
          "use batches of at least 1 example");
    }
    return new FeatureExtractor(base, tensor, rows);
  }

  /** One row of values per example, in the dataset's order. */
  public float[][] extract(Dataset data) {
    float[] flat = extractFlat(data, BaseInputs.bind(base, data));
    int dim = data.size() == 0 ? 0 : flat.length / data.size();
    float[][] rows = new float[data.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
    }
    return rows;
  }

  /** Examples run through the base so far. */
  public long examplesRun() {
    return examplesRun;
  }

  /** Row-major values, example after example in the dataset's order. */
  float[] extractFlat(Dataset data, BaseInputs inputs) {
    float[][] out = new float[1][];
    extractTo(data, inputs, new Rows() {
      @Override
      public void start(int dim) {
        out[0] = new float[Math.multiplyExact(data.size(), dim)];
      }

      @Override
      public void put(int example, float[] values, int offset, int dim) {
        System.arraycopy(values, offset, out[0], example * dim, dim);
      }
    });
    return out[0] == null ? new float[0] : out[0];
  }

  /** Where extracted rows go, in whatever order the batches come (sorted by length, say). */
  interface Rows {
    /** Before the first row, with the values per example. */
    void start(int dim);

    /** One example's values: {@code values[offset .. offset + dim)}. */
    void put(int example, float[] values, int offset, int dim);
  }

  /** Runs the base over every example, handing each example's values to {@code rows}. */
  void extractTo(Dataset data, BaseInputs inputs, Rows rows) {
    long before = inputs.examplesRun();
    long start = System.nanoTime();
    int dim = -1;
    for (int[] idx : Batches.forInference(data, batchSize)) {
      float[] flat = inputs.run(data, idx, tensor).values();
      if (dim < 0) {
        dim = flat.length / inputs.rowsFor(idx.length);
        rows.start(dim);
      }
      if (flat.length != inputs.rowsFor(idx.length) * dim) {
        throw new TftuneException("the tensor has a different size for each batch (per "
            + "example " + dim + " values, then " + flat.length / inputs.rowsFor(idx.length)
            + "), as per-token outputs of padded sequences do",
            "extract a pooled tensor (one vector per example), or pad every batch to one length");
      }
      for (int i = 0; i < idx.length; i++) {
        rows.put(idx[i], flat, i * dim, dim);
      }
    }
    examplesRun += inputs.examplesRun() - before;
    double secs = (System.nanoTime() - start) / 1e9;
    LOG.info("features of {} examples computed in {} s ({} examples/s)", data.size(),
        String.format("%.1f", secs), String.format("%.0f", data.size() / secs));
  }

  @SuppressWarnings("unchecked")
  static Output<TFloat32> floatTensor(BaseModel base, String name) {
    Output<?> t = base.tensor(name);
    if (t.dataType() != DataType.DT_FLOAT) {
      throw new TftuneException("feature tensor " + name + " is " + t.dataType()
          + ", not float32", "choose a float tensor such as the last pooling layer");
    }
    return (Output<TFloat32>) t;
  }
}
