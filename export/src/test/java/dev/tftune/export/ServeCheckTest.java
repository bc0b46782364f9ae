package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.data.Dataset;
import dev.tftune.data.ImageDataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve-check: every signature of an export run as TF Serving would, and version drift. */
class ServeCheckTest {
  @TempDir
  Path tmp;
  private int models;

  private Path export(Dataset data, Path exportBase, int warmup) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m-" + ++models),
        VariableKind.RESOURCE))) {
      var model = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.05f)).epochs(2).build().fit(data);
      return ServingExporter.builder(model).exportBase(exportBase).verifyWith(data)
          .warmupRecords(warmup).build().export().directory();
    }
  }

  /** Two classes: whether the first input is above the second. */
  private static Dataset twoClasses() {
    Random r = new Random(4);
    int n = 100;
    float[] values = new float[n * TinyModels.INPUTS];
    int[] labels = new int[n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = values[i * TinyModels.INPUTS] > values[i * TinyModels.INPUTS + 1] ? 1 : 0;
    }
    return new ImageDataset(values, new long[] {TinyModels.INPUTS}, labels, List.of("lo", "hi"));
  }

  @Test
  void everySignatureRunsOnTheWarmupRecordsAndClassifyAgreesWithServingDefault() {
    Path dir = export(TinyModels.separable(200, 3), tmp.resolve("out"), 10);
    ServeCheck.Report report = ServeCheck.run(dir);
    Map<String, ServeCheck.SignatureRun> runs = report.runs().stream()
        .collect(Collectors.toMap(r -> r.signature().key(), r -> r));
    assertEquals(List.of("classify", "serving_default"), List.copyOf(
        new java.util.TreeSet<>(runs.keySet())));
    assertEquals(10, runs.get("serving_default").requests());
    // classify: its 10 warm-up records, and the examples built from serving_default's requests
    assertEquals(20, runs.get("classify").requests());
    assertTrue(report.examplesMaxAbsDiff() <= 1e-5, "diff " + report.examplesMaxAbsDiff());
    assertTrue(runs.get("serving_default").firstResult().contains("class_names='"),
        runs.get("serving_default").firstResult());
    assertTrue(runs.get("classify").firstResult().startsWith("top class '"),
        runs.get("classify").firstResult());
    assertEquals(List.of(), report.warnings());
  }

  @Test
  void restBodiesAreTfServingsRowFormat() throws Exception {
    Path dir = export(TinyModels.separable(200, 3), tmp.resolve("out"), 2);
    Map<String, String> bodies = ServeCheck.run(dir).runs().stream()
        .collect(Collectors.toMap(r -> r.signature().key(), ServeCheck.SignatureRun::restBody));
    JsonNode predict = new ObjectMapper().readTree(bodies.get("serving_default"));
    assertEquals("serving_default", predict.get("signature_name").asText());
    assertEquals(TinyModels.INPUTS, predict.get("instances").get(0).size());
    JsonNode classify = new ObjectMapper().readTree(bodies.get("classify"));
    assertEquals(TinyModels.INPUTS, classify.get("examples").get(0).get("x").size());
    assertTrue(classify.get("examples").get(0).get("x").get(0).isFloatingPointNumber(),
        "float features stay floats in JSON, which is how TF Serving tells them from ints");
  }

  @Test
  void aBaseIsCheckedAtItsHighestVersion() {
    Path base = tmp.resolve("out");
    export(TinyModels.separable(200, 3), base, 1);
    Path second = export(TinyModels.separable(200, 3), base, 1);
    assertEquals(second, ServeCheck.run(base).directory());
    assertEquals(List.of(), ServeCheck.run(base).warnings(), "the same signatures again");
  }

  @Test
  void aNewerVersionWhoseOutputsChangeShapeIsWarnedAbout() {
    Path base = tmp.resolve("out");
    export(TinyModels.separable(200, 3), base, 1);
    export(twoClasses(), base, 1);
    List<String> warnings = ServeCheck.run(base).warnings();
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("version 2 breaks clients of "
        + "version 1: serving_default's output probabilities was float32[-1,3] and is "
        + "float32[-1,2]")), warnings.toString());
  }

  @Test
  void anExportWithoutWarmupRecordsFailsSayingHowToGetThem() {
    Path dir = export(TinyModels.separable(200, 3), tmp.resolve("out"), 0);
    ExportException e = assertThrows(ExportException.class, () -> ServeCheck.run(dir));
    assertTrue(e.getMessage().contains("no warm-up records")
        && e.getMessage().contains("--warmup-records"), e.getMessage());
  }
}
