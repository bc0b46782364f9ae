package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Binds a dataset's input keys to the base model's signature inputs and feeds batches to them,
 * padding to the graph's fixed batch where it has one. Counts the examples that went through.
 */
final class BaseInputs {
  private final BaseModel base;
  private final Map<String, Output<?>> bindings = new LinkedHashMap<>();
  private final Map<String, String> datasetToSignature = new LinkedHashMap<>();
  private long examplesRun;

  private BaseInputs(BaseModel base) {
    this.base = base;
  }

  /**
   * Matches keys by name, or the only data input to the only signature input.
   *
   * @throws TftuneException when the data's inputs do not fit the default signature
   */
  static BaseInputs bind(BaseModel base, Dataset data) {
    BaseInputs b = new BaseInputs(base);
    SignatureInfo sig = base.defaultSignature();
    List<String> keys = data.inputKeys();
    if (sig.inputs().keySet().containsAll(keys)) {
      keys.forEach(k -> b.bindTo(k, k, sig.inputs().get(k)));
    } else if (keys.size() == 1 && sig.inputs().size() == 1) {
      var only = sig.inputs().entrySet().iterator().next();
      b.bindTo(keys.get(0), only.getKey(), only.getValue());
    } else {
      throw new TftuneException("the data provides inputs " + keys + " but signature "
          + sig.key() + " takes " + sig.inputs().keySet(),
          "use data whose inputs match the model's signature");
    }
    return b;
  }

  private void bindTo(String datasetKey, String signatureKey, TensorInfo tensor) {
    bindings.put(datasetKey, base.graph().output(tensor.name()));
    datasetToSignature.put(datasetKey, signatureKey);
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

  /** Feeds some examples; the tensors created go to {@code owned}, for the caller to close. */
  void feed(Session.Runner runner, Dataset data, int[] idx, int rows, List<Tensor> owned) {
    feed(runner, data, idx, rows, owned, true);
  }

  /**
   * Feeds some examples, counting them as a run of the whole base only when {@code wholeBase}
   * (not when the frozen layers' output is fed from memory beside them).
   */
  void feed(Session.Runner runner, Dataset data, int[] idx, int rows, List<Tensor> owned,
      boolean wholeBase) {
    if (wholeBase) {
      examplesRun += idx.length;
    }
    Map<String, Tensor> inputs = data.batch(idx, rows);
    owned.addAll(inputs.values());
    inputs.forEach((key, t) -> {
      Output<?> target = bindings.get(key);
      if (target == null) {
        throw new TftuneException("the data has an input '" + key + "' the model does not take",
            "map it to a signature input");
      }
      runner.feed(target, t);
    });
  }

  /** Runs the base model (and what follows it) on some examples; rows past them are padding. */
  Fetched run(Dataset data, int[] idx, Output<TFloat32> fetch) {
    Session.Runner runner = base.session().runner();
    List<Tensor> owned = new ArrayList<>();
    try {
      feed(runner, data, idx, rowsFor(idx.length), owned);
      try (Result r = runner.fetch(fetch).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        return new Fetched(dev.tftune.graph.Tensors.floats(t), t.shape());
      }
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  record Fetched(float[] values, Shape shape) {}
}
