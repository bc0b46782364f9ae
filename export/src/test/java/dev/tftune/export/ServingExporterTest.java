package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.tftune.FixKeys;
import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.RecordingDataset;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingPlan;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.proto.NodeDef;

/** Exports in TF Serving's layout: pruned, verified, atomic, reloadable anywhere. */
class ServingExporterTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(200, 3);

  private ExportResult trainAndExport(BaseModel base, TrainingPlan plan, Path exportBase) {
    TrainedModel tuner = FineTuner.builder().base(base).features("features").plan(plan)
        .optimizer(Optimizers.adam(0.05f)).epochs(2).build().fit(data);
    return ServingExporter.builder(tuner)
        .exportBase(exportBase).verifyWith(data).build().export();
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void exportHasServingLayoutAndOnlyInferenceOps(VariableKind kind) throws Exception {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      ExportResult result = trainAndExport(base, TrainingPlan.matching("hidden"),
          tmp.resolve("out"));
      Path dir = tmp.resolve("out").resolve("1");
      assertEquals(dir, result.directory());
      assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
      assertEquals(List.of("a", "b", "c"), Files.readAllLines(dir.resolve("assets/labels.txt")));
      assertTrue(result.maxAbsDiff() <= 1e-5);
      var meta = MetaGraphs.read(dir, List.of("serve"));
      var sig = meta.getSignatureDefOrThrow("serving_default");
      assertEquals(Set.of("probabilities", "classes", "class_names"),
          sig.getOutputsMap().keySet());
      assertEquals(-1, sig.getInputsOrThrow("x").getTensorShape().getDim(0).getSize());
      Set<String> ops = meta.getGraphDef().getNodeList().stream().map(NodeDef::getOp)
          .collect(Collectors.toSet());
      for (String forbidden : List.of("RandomUniform", "SparseSoftmaxCrossEntropyWithLogits",
          "AssignSubVariableOp", "AssignSub", "Pow")) {
        assertTrue(!ops.contains(forbidden), "export still holds " + forbidden + " ops");
      }
      // the base variables on the path to the features and the head's: no optimizer slots, and
      // not base/out/kernel, which the new head replaced
      assertEquals(Set.of("base/hidden/kernel", "base/hidden/bias", "tftune/head/logits/kernel",
          "tftune/head/logits/bias"), Set.copyOf(result.variables()));
      try (Stream<Path> leftovers = Files.list(tmp.resolve("out"))) {
        assertEquals(List.of(dir), leftovers.toList(), "no temporary folder is left behind");
      }
    }
  }

  @Test
  void existingVersionIsNotOverwrittenUnlessAsked() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.REF))) {
      TrainedModel tuner = FineTuner.builder().base(base).features("features").epochs(1).build()
          .fit(data);
      ServingExporter.Builder exporter = ServingExporter.builder(tuner)
          .exportBase(tmp.resolve("out")).verifyWith(data).version(3);
      exporter.build().export();
      ExportException e = assertThrows(ExportException.class, () -> exporter.build().export());
      assertTrue(e.getMessage().contains("overwrite(true)"), e.getMessage());
      assertEquals(FixKeys.EXPORT_VERSION_EXISTS, e.fixKey());
      assertEquals(List.of(4L), e.fixValues(), "the next free version");
      assertEquals(3, exporter.overwrite(true).build().export().version());
    }
  }

  @Test
  void predictionsOfExamplesRunInLengthOrderComeBackInDatasetOrder() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      ExportResult result = trainAndExport(base, TrainingPlan.headOnly(), tmp.resolve("out"));
      Dataset plain = TinyModels.separable(150, 8);
      try (ExportedModel model = ExportedModel.load(result.directory())) {
        float[][] inOrder = model.predict(plain);
        float[][] sorted = model.predict(new RecordingDataset(plain, i -> 1 + (i * 31) % 17));
        for (int i = 0; i < inOrder.length; i++) {
          // batches of other sizes may round differently (the CPU's matrix kernels), not by more
          org.junit.jupiter.api.Assertions.assertArrayEquals(inOrder[i], sorted[i], 1e-6f,
              "row " + i);
        }
      }
    }
  }

  @Test
  void exportReloadsInANewJvmWithIdenticalOutputs() throws Exception {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      ExportResult result = trainAndExport(base, TrainingPlan.headOnly(), tmp.resolve("out"));
      List<String> here = new ArrayList<>();
      try (ExportedModel model = ExportedModel.load(result.directory())) {
        for (float[] row : model.predict(TinyModels.separable(8, 99))) {
          for (float v : row) {
            here.add("p=" + Float.floatToIntBits(v));
          }
        }
      }
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"),
          PrintPredictions.class.getName(), result.directory().toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      List<String> there;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        there = r.lines().filter(l -> l.startsWith("p=")).toList();
      }
      assertEquals(0, p.waitFor());
      assertEquals(24, there.size());
      assertEquals(here, there, "bit-identical probabilities in a fresh JVM");
    }
  }
}
