package dev.tftune.export;

import dev.tftune.data.Dataset;
import dev.tftune.graph.Feeds;
import dev.tftune.graph.Tensors;
import dev.tftune.train.ServingEndpoints;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** Compares a written export, reloaded in a fresh session, with the in-memory model. */
final class ExportVerifier {
  private final Session session;
  private final ServingEndpoints endpoints;

  ExportVerifier(Session session, ServingEndpoints endpoints) {
    this.session = session;
    this.endpoints = endpoints;
  }

  /** Largest absolute difference of the probabilities on the first examples of the data. */
  double maxAbsDiff(Path exportDir, Dataset data, int examples) {
    int n = Math.min(examples, data.size());
    int[] idx = new int[n];
    Arrays.setAll(idx, i -> i);
    float[][] expected = inMemory(data, idx);
    float[][] actual;
    try (ExportedModel reloaded = ExportedModel.load(exportDir)) {
      actual = reloaded.predict(new Subset(data, n));
    } catch (org.tensorflow.exceptions.TensorFlowException | IllegalArgumentException e) {
      // the graph ran in memory: whatever fails now is missing from the written export
      throw new ExportException("the reloaded export fails to run: "
          + dev.tftune.TftuneException.firstLine(e.getMessage()),
          "report this as a tftune bug, with the base model's inspect output", e);
    }
    double max = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < expected[i].length; c++) {
        max = Math.max(max, Math.abs(expected[i][c] - actual[i][c]));
      }
    }
    return max;
  }

  private float[][] inMemory(Dataset data, int[] idx) {
    try (Feeds feeds = Feeds.of(session)) {
      feeds.ownAll(data.batch(idx, idx.length)).forEach((key, t) -> feeds.runner().feed(
          endpoints.inputs().get(endpoints.datasetKeys().get(key)), t));
      try (Result r = feeds.runner().fetch(endpoints.scores()).run()) {
        return Tensors.rows((TFloat32) r.get(0), idx.length);
      }
    }
  }

  /** The first {@code n} examples of a dataset. */
  private record Subset(Dataset data, int size) implements Dataset {
    @Override
    public dev.tftune.data.InputPreparation preparation() {
      return data.preparation();
    }

    @Override
    public int length(int index) {
      return data.length(index);
    }

    @Override
    public int label(int index) {
      return data.label(index);
    }

    @Override
    public java.util.List<String> classNames() {
      return data.classNames();
    }

    @Override
    public java.util.List<String> inputKeys() {
      return data.inputKeys();
    }

    @Override
    public Map<String, Tensor> batch(int[] indices, int rows) {
      return data.batch(indices, rows);
    }
  }
}
