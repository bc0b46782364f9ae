package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.DataException;
import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Tensor;

/** A second run on the same base and data reads the features from disk and skips the base. */
class FeatureCacheTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(120, 8);

  private TrainingHistory run(Path model, FeatureCache cache) {
    try (BaseModel base = SavedModels.load(model)) {
      return FineTuner.builder().base(base).features("features").epochs(3).batchSize(16)
          .featureCache(cache).build().fit(data).history();
    }
  }

  @Test
  void theSecondRunNeverRunsTheBaseAndTrainsAlike() {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
    FeatureCache cache = FeatureCache.in(tmp.resolve("cache"), "tiny-separable");
    TrainingHistory first = run(model, cache);
    assertEquals(120, first.baseExamplesRun(), "the first run computes every example once");
    assertTrue(Files.isRegularFile(cache.file(0)));
    TrainingHistory second = run(model, cache);
    assertEquals(0, second.baseExamplesRun(), "the second run never runs the base");
    assertEquals(losses(first), losses(second), "and trains on the same features");
  }

  @Test
  void aCacheFileOfAnotherShapeIsComputedAgain() throws Exception {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
    FeatureCache cache = FeatureCache.in(tmp.resolve("cache"), "k");
    Files.createDirectories(tmp.resolve("cache"));
    Files.write(cache.file(0), new byte[64]);
    assertEquals(120, run(model, cache).baseExamplesRun());
    assertEquals(0, run(model, cache).baseExamplesRun());
  }

  @Test
  void anExtractionThatFailsLeavesNoCacheFileBehind() throws Exception {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
    FeatureCache cache = FeatureCache.in(tmp.resolve("cache"), "broken");
    Dataset failing = new Dataset() {
      private int batches;

      @Override
      public int size() {
        return data.size();
      }

      @Override
      public int label(int index) {
        return data.label(index);
      }

      @Override
      public List<String> classNames() {
        return data.classNames();
      }

      @Override
      public List<String> inputKeys() {
        return data.inputKeys();
      }

      @Override
      public Map<String, Tensor> batch(int[] indices, int rows) {
        if (++batches == 2) {
          throw new DataException("a file went missing", "put it back");
        }
        return data.batch(indices, rows);
      }
    };
    try (BaseModel base = SavedModels.load(model)) {
      FineTuner tuner = FineTuner.builder().base(base).features("features").epochs(1)
          .featureCache(cache).build();
      assertThrows(DataException.class, () -> tuner.fit(failing));
    }
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertEquals(List.of(), files.toList(), "no file, whole or partial");
    }
  }

  private static List<Double> losses(TrainingHistory h) {
    return h.epochs().stream().map(e -> e.loss() + 1000 * e.validationLoss()).toList();
  }
}
