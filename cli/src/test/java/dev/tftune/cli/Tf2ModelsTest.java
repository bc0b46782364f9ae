package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.ImageDataset;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ExportedModel;
import dev.tftune.export.ServingExporter;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.testing.Fixtures;
import dev.tftune.testing.VariableValues;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainingHistory;
import dev.tftune.train.TrainingPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TF2 SavedModels of ../shared/fixtures: function calls inlined (and checked against the
 * original), heads trained with the base frozen and with a layer unfrozen, exported, reloaded.
 */
class Tf2ModelsTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"keras-cnn-mnist", "keras-functional-mlp", "half-plus-two",
      "python-module", "module-regression"})
  void everyTf2FixtureLoadsWithItsFunctionCallsInlinedAndVerified(String name) {
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf2/" + name))) {
      assertTrue(base.rewrites().stream().anyMatch(r -> r.startsWith("inlined")),
          base.rewrites().toString());
      assertTrue(base.graph().operation("StatefulPartitionedCall") == null
          || !base.graph().operation("StatefulPartitionedCall").type().contains("Call"),
          "the serving call is inlined");
    }
  }

  @ParameterizedTest
  @CsvSource({"keras-cnn-mnist, dense/kernel", "keras-functional-mlp, transformer/matrix"})
  void aKerasModelTrainsFrozenThenWithALayerUnfrozenAndExports(String name, String layer) {
    Path dir = Fixtures.require("savedmodels/tf2/" + name);
    try (BaseModel base = SavedModels.load(dir)) {
      String output = base.defaultSignature().outputs().values().iterator().next().name();
      ImageDataset data = randomInputs(base, 64);
      TrainingHistory frozen = FineTuner.builder().base(base).features(output)
          .optimizer(Optimizers.adam(0.05f)).epochs(5).batchSize(64).validationSplit(0)
          .build().fit(data);
      assertTrue(frozen.cachedFeatures());
    }
    try (BaseModel base = SavedModels.load(dir)) {
      String output = base.defaultSignature().outputs().values().iterator().next().name();
      ImageDataset data = randomInputs(base, 64);
      Map<String, byte[]> before = VariableValues.snapshot(base);
      FineTuner tuner = FineTuner.builder().base(base).features(output)
          .plan(TrainingPlan.matching("^" + layer + "$")).optimizer(Optimizers.adam(0.01f))
          .epochs(5).batchSize(64).validationSplit(0).build();
      TrainingHistory unfrozen = tuner.fit(data);
      assertTrue(unfrozen.last().loss() < unfrozen.epochs().get(0).loss(), "loss decreases");
      Map<String, byte[]> after = VariableValues.snapshot(base);
      List<String> changed = new ArrayList<>();
      before.forEach((n, bytes) -> {
        if (!Arrays.equals(bytes, after.get(n))) {
          changed.add(n);
        }
      });
      assertEquals(List.of(layer), changed);
      ExportResult export = ServingExporter.builder().session(base.session())
          .endpoints(tuner.endpoints()).exportBase(tmp.resolve("export")).verifyWith(data)
          .build().export();
      try (ExportedModel reloaded = ExportedModel.load(export.directory())) {
        float[][] here = tuner.predict(data);
        float[][] there = reloaded.predict(data);
        for (int i = 0; i < here.length; i++) {
          assertArrayEquals(here[i], there[i], 1e-6f, "example " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras-cnn-mnist", "keras-functional-mlp"})
  void inliningLeavesNoGradientMissingOnTheServingPath(String name) {
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf2/" + name))) {
      String json = base.inspect().toJson();
      assertTrue(json.replaceAll("\\s", "").contains("\"missingGradients\":[]"), json);
      assertFalse(base.variables().isEmpty());
    }
  }

  @org.junit.jupiter.api.Test
  void aHeadOnHalfPlusTwoTrainsWithItsOffsetUnfrozenAndExports() {
    Path dir = Fixtures.require("savedmodels/tf2/half-plus-two");
    try (BaseModel base = SavedModels.load(dir)) {
      // y = x / 2 + 2; the class is whether x is above 0
      Random random = new Random(2);
      int n = 64;
      float[] x = new float[n];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextFloat() * 8 - 4;
        labels[i] = x[i] > 0 ? 1 : 0;
      }
      ImageDataset data = new ImageDataset(x, new long[0], labels, List.of("low", "high"));
      Map<String, byte[]> before = VariableValues.snapshot(base);
      FineTuner tuner = FineTuner.builder().base(base).features("y")
          .plan(TrainingPlan.matching("^b$")).optimizer(Optimizers.adam(0.05f)).epochs(5)
          .batchSize(16).validationSplit(0).build();
      TrainingHistory h = tuner.fit(data);
      assertTrue(h.last().loss() < h.epochs().get(0).loss(), "loss decreases");
      Map<String, byte[]> after = VariableValues.snapshot(base);
      before.forEach((name, bytes) -> assertEquals(name.equals("b"),
          !Arrays.equals(bytes, after.get(name)), name));
      ExportResult export = ServingExporter.builder().session(base.session())
          .endpoints(tuner.endpoints()).exportBase(tmp.resolve("export")).verifyWith(data)
          .build().export();
      assertEquals(0.0, export.maxAbsDiff(), 1e-6);
    }
  }

  @org.junit.jupiter.api.Test
  void aHeadOnAPythonModuleSignatureWithTwoUnknownRankInputsTrains() {
    Path dir = Fixtures.require("savedmodels/tf2/python-module");
    try (BaseModel base = SavedModels.load(dir)) {
      assertEquals("add", base.defaultSignature().key());
      TwoInputs data = new TwoInputs(48);
      TrainingHistory h = FineTuner.builder().base(base).features("output_0")
          .optimizer(Optimizers.adam(0.1f)).epochs(10).validationSplit(0).build().fit(data);
      assertTrue(h.cachedFeatures());
      assertTrue(h.last().accuracy() > 0.8, "accuracy " + h.last().accuracy());
    }
  }

  /** Pairs (a, b) labelled by the sign of a + b, as the two inputs of python-module's add. */
  private record TwoInputs(int n) implements dev.tftune.data.Dataset {
    private float value(int i, int which) {
      return (float) Math.sin(i * 1.7 + which * 0.9) * 3;
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public int label(int index) {
      return value(index, 0) + value(index, 1) > 0 ? 1 : 0;
    }

    @Override
    public List<String> classNames() {
      return List.of("negative", "positive");
    }

    @Override
    public List<String> inputKeys() {
      return List.of("a", "b");
    }

    @Override
    public Map<String, org.tensorflow.Tensor> batch(int[] indices, int rows) {
      float[] a = new float[rows];
      float[] b = new float[rows];
      for (int r = 0; r < indices.length; r++) {
        a[r] = value(indices[r], 0);
        b[r] = value(indices[r], 1);
      }
      return Map.of("a", org.tensorflow.types.TFloat32.vectorOf(a),
          "b", org.tensorflow.types.TFloat32.vectorOf(b));
    }
  }

  @org.junit.jupiter.api.Test
  void inspectJsonListsTheKerasVariablesWithShapesAndObjectPaths() throws Exception {
    Path dir = Fixtures.require("savedmodels/tf2/keras-cnn-mnist");
    Cli.Run r = Cli.run("inspect", dir.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    Map<String, String> shapes = new java.util.TreeMap<>();
    Map<String, String> paths = new java.util.TreeMap<>();
    json.get("variables").forEach(v -> {
      shapes.put(v.get("name").asText(), v.get("shape").toString());
      if (v.has("objectPath")) {
        paths.put(v.get("name").asText(), v.get("objectPath").asText());
      }
    });
    assertEquals("[784,100]", shapes.get("dense/kernel"));
    assertEquals("[100,10]", shapes.get("dense_1/kernel"));
    assertEquals("layer_with_weights-1/kernel", paths.get("dense_1/kernel"));
    assertEquals("layer_with_weights-0/bias", paths.get("dense/bias"));
  }

  /** Random examples of the default signature's single input, labels in 3 classes. */
  private static ImageDataset randomInputs(BaseModel base, int n) {
    TensorInfo input = base.defaultSignature().inputs().values().iterator().next();
    long[] shape = Arrays.copyOfRange(input.shape(), 1, input.shape().length);
    int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    Random random = new Random(3);
    float[] values = new float[n * size];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int j = 0; j < size; j++) {
        values[i * size + j] = random.nextFloat() + (j % 3 == labels[i] ? 0.5f : 0);
      }
    }
    return new ImageDataset(values, shape, labels, List.of("a", "b", "c"));
  }
}
