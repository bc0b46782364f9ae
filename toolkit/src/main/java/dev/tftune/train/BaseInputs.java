package dev.tftune.train;

import dev.tftune.data.Dataset;
import dev.tftune.graph.Feeds;
import dev.tftune.graph.Tensors;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.InputBinding;
import dev.tftune.savedmodel.SignatureInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Binds a dataset's input keys to the base model's signature inputs ({@link InputBinding}) and
 * feeds batches to them, padding to the graph's fixed batch where it has one. Counts the
 * examples that went through.
 */
final class BaseInputs {
  private final BaseModel base;
  private final Map<String, Output<?>> bindings = new LinkedHashMap<>();
  private final Map<String, String> datasetToSignature;
  private long examplesRun;

  private BaseInputs(BaseModel base, Map<String, String> datasetToSignature) {
    this.base = base;
    this.datasetToSignature = datasetToSignature;
    SignatureInfo sig = base.defaultSignature();
    datasetToSignature.forEach((data, key) ->
        bindings.put(data, base.graph().output(sig.inputs().get(key).name())));
  }

  /**
   * Binds the data's inputs to the default signature's.
   *
   * @throws dev.tftune.TftuneException when the data's inputs do not fit the default signature
   */
  static BaseInputs bind(BaseModel base, Dataset data) {
    return new BaseInputs(base, InputBinding.bind(data.inputKeys(), base.defaultSignature(),
        Map.of()));
  }

  /** Signature input key to the tensor it feeds. */
  Map<String, Output<?>> signatureInputs() {
    Map<String, Output<?>> out = new LinkedHashMap<>();
    bindings.forEach((k, v) -> out.put(datasetToSignature.get(k), v));
    return out;
  }

  /** Dataset input key to signature input key. */
  Map<String, String> datasetKeys() {
    return Map.copyOf(datasetToSignature);
  }

  long examplesRun() {
    return examplesRun;
  }

  /** Rows of a batch of some examples: the graph's fixed batch, or the examples. */
  int rowsFor(int examples) {
    return base.fixedBatch() > 0 ? (int) base.fixedBatch() : examples;
  }

  /**
   * Feeds some examples, counting them as a run of the whole base only when {@code wholeBase}
   * (not when the frozen layers' output is fed from memory beside them).
   */
  void feed(Feeds feeds, Dataset data, int[] idx, int rows, boolean wholeBase) {
    if (wholeBase) {
      examplesRun += idx.length;
    }
    Map<String, Tensor> inputs = feeds.ownAll(data.batch(idx, rows));
    inputs.forEach((key, t) -> {
      Output<?> target = bindings.get(key);
      if (target == null) {
        throw new dev.tftune.TftuneException("the data has an input '" + key
            + "' the model does not take", "map it to a signature input");
      }
      feeds.runner().feed(target, t);
    });
  }

  /** Runs the base model (and what follows it) on some examples; rows past them are padding. */
  Fetched run(Dataset data, int[] idx, Output<TFloat32> fetch) {
    try (Feeds feeds = Feeds.of(base.session())) {
      feed(feeds, data, idx, rowsFor(idx.length), true);
      try (Result r = feeds.runner().fetch(fetch).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        return new Fetched(Tensors.floats(t), t.shape());
      }
    }
  }

  record Fetched(float[] values, Shape shape) {}
}
