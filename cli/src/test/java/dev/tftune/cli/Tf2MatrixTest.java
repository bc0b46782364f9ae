package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.TftuneException;
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
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingHistory;
import dev.tftune.train.TrainingPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every TF2 SavedModel of {@code ../shared/fixtures/savedmodels/tf2} goes the whole way:
 * inspect; a head on a signature output; 5 steps with the base frozen, then 5 with its last layer
 * unfrozen (loss decreasing, only the chosen variables changing); export; reload in a new JVM
 * with identical outputs.
 */
class Tf2MatrixTest {
  private static final String FOLDER = "savedmodels/tf2";
  private static final int EXAMPLES = 32;
  private static final int STEPS = 5;

  /**
   * How each fixture is used: the signature output the head takes and the variables of the
   * layer nearest to it. python-module's signatures compute from their inputs without a
   * variable (its one variable feeds only a getter without inputs), so it has no layer to
   * unfreeze: asking for its variable must fail, saying why.
   */
  private static final Map<String, Row> ROWS = Map.of(
      "keras-cnn-mnist", new Row("softmax", "^dense_1/"),
      "keras-functional-mlp", new Row("softmax", "^transformer/matrix$"),
      "half-plus-two", new Row("y", "^(a|b)$"),
      "module-regression", new Row("output_0", "^(w|b)$"),
      "python-module", new Row("output_0", null));

  private record Row(String features, String lastLayer) {}

  @TempDir
  Path tmp;

  static Stream<String> models() throws IOException {
    Path folder = Fixtures.root().resolve(FOLDER);
    if (!Files.isDirectory(folder)) {
      return Stream.of("(fixtures absent)"); // the test skips, saying so
    }
    try (Stream<Path> dirs = Files.list(folder)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
          .toList().stream();
    }
  }

  @Test
  void everyModelOfTheFolderHasARow() throws IOException {
    Fixtures.require(FOLDER);
    assertEquals(new TreeSet<>(ROWS.keySet()), new TreeSet<>(models().toList()),
        "add a row for each new fixture");
  }

  @ParameterizedTest
  @MethodSource("models")
  void goesThroughInspectTrainingExportAndANewJvm(String name) throws Exception {
    Path dir = Fixtures.require(FOLDER + "/" + name);
    Row row = ROWS.get(name);
    inspects(dir, row);
    FloatExamples data;
    try (BaseModel base = SavedModels.load(dir)) {
      data = FloatExamples.random(inputShapes(base), EXAMPLES, 7);
      Map<String, byte[]> before = VariableValues.snapshot(base);
      TrainingHistory frozen = tuner(base, row, TrainingPlan.headOnly()).fit(data).history();
      assertEquals(STEPS, frozen.epochs().size());
      assertTrue(frozen.last().loss() < frozen.epochs().get(0).loss(), "frozen: loss decreases "
          + losses(frozen));
      assertEquals(List.of(), changed(before, VariableValues.snapshot(base)), "frozen base");
    }
    try (BaseModel base = SavedModels.load(dir)) {
      if (row.lastLayer() == null) {
        TftuneException e = assertThrows(TftuneException.class,
            () -> tuner(base, row, TrainingPlan.matching(".*")).fit(data));
        assertTrue(e.getMessage().contains("is not on the path to the features"),
            e.getMessage());
        TrainedModel frozen = tuner(base, row, TrainingPlan.headOnly()).fit(data);
        exportsAndPredictsTheSameInANewJvm(frozen, data);
        return;
      }
      Map<String, byte[]> before = VariableValues.snapshot(base);
      TrainedModel tuner = tuner(base, row, TrainingPlan.matching(row.lastLayer())).fit(data);
      TrainingHistory unfrozen = tuner.history();
      assertTrue(unfrozen.last().loss() < unfrozen.epochs().get(0).loss(),
          "unfrozen: loss decreases " + losses(unfrozen));
      List<String> chosen = before.keySet().stream().filter(v -> v.matches(
          row.lastLayer() + ".*")).sorted().toList();
      assertTrue(!chosen.isEmpty(), "the last layer " + row.lastLayer() + " exists");
      assertEquals(chosen, changed(before, VariableValues.snapshot(base)),
          "exactly the last layer changed");

      exportsAndPredictsTheSameInANewJvm(tuner, data);
    }
  }

  private void exportsAndPredictsTheSameInANewJvm(TrainedModel tuner, FloatExamples data)
      throws Exception {
    ExportResult export = ServingExporter.builder(tuner).exportBase(tmp.resolve("export"))
        .verifyWith(data).build().export();
    assertTrue(export.maxAbsDiff() <= 1e-6, "export verified: " + export.maxAbsDiff());
    List<String> here = new ArrayList<>();
    try (ExportedModel reloaded = ExportedModel.load(export.directory())) {
      for (float[] p : reloaded.predict(data)) {
        for (float v : p) {
          here.add("p=" + Float.floatToIntBits(v));
        }
      }
    }
    assertEquals(EXAMPLES * 2, here.size());
    assertEquals(here, predictInNewJvm(export.directory(), data),
        "bit-identical predictions in a new JVM");
  }

  private static FineTuner tuner(BaseModel base, Row row, TrainingPlan plan) {
    // one batch per epoch: each epoch is one step, so its loss is that step's
    return FineTuner.builder().base(base).features(row.features()).plan(plan)
        .optimizer(Optimizers.adam(0.05f)).epochs(STEPS).batchSize(EXAMPLES)
        .validationSplit(0).seed(1).build();
  }

  private static void inspects(Path dir, Row row) throws IOException {
    Cli.Run r = Cli.run("inspect", dir.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertTrue(json.get("format").asText().equalsIgnoreCase("tf2"), json.get("format").asText());
    List<String> outputs = new ArrayList<>();
    json.get("signatures").forEach(s -> s.get("outputs").fieldNames().forEachRemaining(
        outputs::add));
    assertTrue(outputs.contains(row.features()), row.features() + " in " + outputs);
  }

  /** The default signature's inputs, one example's shape each (unknown rank: a scalar). */
  private static Map<String, long[]> inputShapes(BaseModel base) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (var e : base.defaultSignature().inputs().entrySet()) {
      TensorInfo t = e.getValue();
      long[] shape = t.shape() == null ? new long[0]
          : Arrays.copyOfRange(t.shape(), 1, t.shape().length);
      out.put(e.getKey(), shape);
    }
    return out;
  }

  private static List<String> changed(Map<String, byte[]> before, Map<String, byte[]> after) {
    return before.keySet().stream().filter(n -> !Arrays.equals(before.get(n), after.get(n)))
        .sorted().toList();
  }

  private static String losses(TrainingHistory h) {
    return h.epochs().stream().map(e -> String.format("%.4f", e.loss())).toList().toString();
  }

  private List<String> predictInNewJvm(Path export, FloatExamples data) throws Exception {
    Path file = tmp.resolve("examples.bin");
    data.write(file);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        PredictInFreshJvm.class.getName(), export.toString(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> there;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
      there = r.lines().filter(l -> l.startsWith("p=")).toList();
    }
    assertEquals(0, p.waitFor(), "the new JVM exits cleanly");
    return there;
  }
}
