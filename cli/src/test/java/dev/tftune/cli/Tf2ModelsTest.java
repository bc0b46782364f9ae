package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.Fixtures;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainingHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TF2 SavedModels of ../shared/fixtures: function calls inlined (and checked against the
 * original), gradients on the serving paths, a head on two unknown-rank inputs, Keras names in
 * inspect. {@link Tf2MatrixTest} takes each through training, export and a new JVM.
 */
class Tf2ModelsTest {
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
  @ValueSource(strings = {"keras-cnn-mnist", "keras-functional-mlp"})
  void inliningLeavesNoGradientMissingOnTheServingPath(String name) {
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf2/" + name))) {
      String json = base.inspect().toJson();
      assertTrue(json.replaceAll("\\s", "").contains("\"missingGradients\":[]"), json);
      assertFalse(base.variables().isEmpty());
    }
  }

  @org.junit.jupiter.api.Test
  void aHeadOnAPythonModuleSignatureWithTwoUnknownRankInputsTrains() {
    Path dir = Fixtures.require("savedmodels/tf2/python-module");
    try (BaseModel base = SavedModels.load(dir)) {
      assertEquals("add", base.defaultSignature().key());
      TwoInputs data = new TwoInputs(48);
      TrainingHistory h = FineTuner.builder().base(base).features("output_0")
          .optimizer(Optimizers.adam(0.1f)).epochs(10).validationSplit(0).build().fit(data)
          .history();
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
  void aKerasLayerIsChosenByItsObjectPathAsWellAsByItsName() {
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf2/keras-cnn-mnist"))) {
      List<String> byPath = dev.tftune.train.TrainingPlan.matching("^layer_with_weights-1/")
          .select(base.variables(), base.objectPaths()).stream().map(v -> v.name()).sorted()
          .toList();
      assertEquals(List.of("dense_1/bias", "dense_1/kernel"), byPath);
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
}
