package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.data.NumericExamples;
import dev.tftune.data.NumericTable;
import dev.tftune.data.TableColumns;
import dev.tftune.data.TextTable;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.Objective;
import dev.tftune.train.RegressionLoss;
import dev.tftune.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * An export's signatures for TF Serving's APIs: {@code serving_default} also returns class
 * names, {@code classify} parses {@code tf.Example}s and returns labels and scores, and a
 * one-value regression gets {@code regress}.
 */
class ServingSignaturesTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(200, 3);

  private Path exportClassifier() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.05f)).epochs(3).build().fit(data);
      return ServingExporter.builder(model).exportBase(tmp.resolve("out")).verifyWith(data)
          .build().export().directory();
    }
  }

  private static SignatureDef signature(Path dir, String key) {
    return MetaGraphs.read(dir, List.of("serve")).getSignatureDefOrThrow(key);
  }

  private static void assertTensor(SignatureDef sig, String key, DataType dtype, long... dims) {
    TensorInfo t = sig.getOutputsMap().containsKey(key) ? sig.getOutputsOrThrow(key)
        : sig.getInputsOrThrow(key);
    assertEquals(dtype, t.getDtype(), key);
    assertArrayEquals(dims, t.getTensorShape().getDimList().stream()
        .mapToLong(d -> d.getSize()).toArray(), key);
  }

  /** Serialized examples of the data's first rows, feature x as its float inputs. */
  private TString examples(int n) {
    int[] idx = java.util.stream.IntStream.range(0, n).toArray();
    Map<String, Tensor> batch = data.batch(idx, n);
    try {
      List<Example> examples = ExampleFeatures.of(Map.of("x", batch.values().iterator().next()));
      return TString.tensorOfBytes(NdArrays.vectorOfObjects(examples.stream()
          .map(Example::toByteArray).toArray(byte[][]::new)));
    } finally {
      batch.values().forEach(Tensor::close);
    }
  }

  @Test
  void servingDefaultReturnsTheNameOfEachPredictedClass() throws IOException {
    Path dir = exportClassifier();
    assertTensor(signature(dir, "serving_default"), "class_names", DataType.DT_STRING, -1);
    List<String> labels = Files.readAllLines(dir.resolve("assets/labels.txt"));
    SignatureDef sig = signature(dir, "serving_default");
    Map<String, Tensor> batch = data.batch(new int[] {0, 1, 2, 3, 4, 5}, 6);
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        Result r = bundle.session().runner()
            .feed(sig.getInputsOrThrow("x").getName(), batch.values().iterator().next())
            .fetch(sig.getOutputsOrThrow("classes").getName())
            .fetch(sig.getOutputsOrThrow("class_names").getName()).run()) {
      TInt64 classes = (TInt64) r.get(0);
      TString names = (TString) r.get(1);
      for (int i = 0; i < 6; i++) {
        assertEquals(labels.get((int) classes.getLong(i)), names.getObject(i), "example " + i);
      }
    } finally {
      batch.values().forEach(Tensor::close);
    }
  }

  @Test
  void classifyTakesSerializedExamplesAndDeclaresLabelsAndScoresPerClass() {
    SignatureDef sig = signature(exportClassifier(), "classify");
    assertEquals("tensorflow/serving/classify", sig.getMethodName());
    assertEquals(Set.of("inputs"), sig.getInputsMap().keySet());
    assertTensor(sig, "inputs", DataType.DT_STRING, -1);
    assertEquals(Set.of("classes", "scores"), sig.getOutputsMap().keySet());
    assertTensor(sig, "classes", DataType.DT_STRING, -1, 3);
    assertTensor(sig, "scores", DataType.DT_FLOAT, -1, 3);
  }

  @Test
  void classifyReturnsTheLabelsFileNamesAndServingDefaultsProbabilities() throws IOException {
    Path dir = exportClassifier();
    List<String> labels = Files.readAllLines(dir.resolve("assets/labels.txt"));
    SignatureDef classify = signature(dir, "classify");
    SignatureDef serving = signature(dir, "serving_default");
    Map<String, Tensor> batch = data.batch(new int[] {0, 1, 2, 3}, 4);
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        TString examples = examples(4);
        Result byExample = bundle.session().runner()
            .feed(classify.getInputsOrThrow("inputs").getName(), examples)
            .fetch(classify.getOutputsOrThrow("classes").getName())
            .fetch(classify.getOutputsOrThrow("scores").getName()).run();
        Result byTensor = bundle.session().runner()
            .feed(serving.getInputsOrThrow("x").getName(), batch.values().iterator().next())
            .fetch(serving.getOutputsOrThrow("probabilities").getName()).run()) {
      TString classes = (TString) byExample.get(0);
      TFloat32 scores = (TFloat32) byExample.get(1);
      TFloat32 probabilities = (TFloat32) byTensor.get(0);
      for (int i = 0; i < 4; i++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(labels.get(c), classes.getObject(i, c));
          assertEquals(probabilities.getFloat(i, c), scores.getFloat(i, c), 1e-6);
        }
      }
    } finally {
      batch.values().forEach(Tensor::close);
    }
  }

  /** y = 2 a0 - b1 + 3 from two float inputs, a [3] and b [2]. */
  private NumericExamples regressionData() throws IOException {
    Random r = new Random(5);
    StringBuilder s = new StringBuilder("a0,a1,a2,b0,b1,y\n");
    for (int i = 0; i < 120; i++) {
      double[] v = r.doubles(5).map(x -> 2 * x - 1).toArray();
      s.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", v[0],
          v[1], v[2], v[3], v[4], 2 * v[0] - v[4] + 3));
    }
    Path file = Files.writeString(tmp.resolve("y.csv"), s);
    return NumericTable.read(TextTable.read(file), TableColumns.parse(List.of("a=a0..a2",
        "b=b0..b1"), null).withTargets(List.of("y")), Map.of(
        "a", new NumericExamples.Input(new long[] {3}, "float32"),
        "b", new NumericExamples.Input(new long[] {2}, "float32")), null, 0);
  }

  @Test
  void aOneValueRegressionGetsRegressOverItsInputsAsFeatures() throws IOException {
    try (BaseModel base = SavedModels.load(TinyModels.writeTwoInputs(tmp.resolve("m2")))) {
      NumericExamples rows = regressionData();
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .objective(Objective.regression(RegressionLoss.MSE))
          .optimizer(Optimizers.adam(0.05f)).epochs(5).build().fit(rows);
      ExportResult result = ServingExporter.builder(model).exportBase(tmp.resolve("reg"))
          .verifyWith(rows).build().export();
      SignatureDef sig = signature(result.directory(), "regress");
      assertEquals("tensorflow/serving/regress", sig.getMethodName());
      assertTensor(sig, "inputs", DataType.DT_STRING, -1);
      assertEquals(Set.of("outputs"), sig.getOutputsMap().keySet());
      assertTensor(sig, "outputs", DataType.DT_FLOAT, -1, 1);
      assertTrue(!MetaGraphs.read(result.directory(), List.of("serve")).getSignatureDefMap()
          .containsKey("classify"), "a regression has no classify signature");
      // serve-check compares regress on examples of a and b with serving_default's predictions
      ServeCheck.Report check = ServeCheck.run(result.directory());
      assertTrue(check.examplesMaxAbsDiff() <= 1e-5, "diff " + check.examplesMaxAbsDiff());
    }
  }
}
