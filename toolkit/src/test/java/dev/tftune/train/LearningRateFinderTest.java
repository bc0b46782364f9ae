package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.RecordingDataset;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The range test sweeps rates upwards, suggests one below where the loss is lowest, and leaves
 * the model as it found it.
 */
class LearningRateFinderTest {
  @TempDir
  Path tmp;

  private FineTuner.Builder tuner(BaseModel base) {
    return FineTuner.builder().base(base).features("features").optimizer(Optimizers.adam(1e-3f))
        .epochs(2).batchSize(8).logging(false);
  }

  @Test
  void theSuggestionIsATenthOfTheRateAtTheLowestSmoothedLoss() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      LearningRateFinder.Found found = LearningRateFinder.of(tuner(base).build())
          .find(TinyModels.separable(200, 3));
      LearningRateFinder.Curve c = found.head();
      assertNull(found.base(), "the base is frozen: no base rate");
      for (int i = 1; i < c.rates().length; i++) {
        assertTrue(c.rates()[i] > c.rates()[i - 1], "rates grow step by step");
      }
      int lowest = 0;
      for (int i = 0; i < c.smoothedLosses().length; i++) {
        lowest = c.smoothedLosses()[i] < c.smoothedLosses()[lowest] ? i : lowest;
      }
      assertTrue(lowest > 0, "the loss fell");
      assertEquals(c.rates()[lowest] / 10, found.headRate(), c.rates()[lowest] / 10 * 5e-3);
      assertEquals(LearningRateFinder.MIN_RATE, c.rates()[0], 1e-12);
    }
  }

  @Test
  void aFoundRateTrainsTheRunWithoutASecondBasePass() {
    RecordingDataset data = new RecordingDataset(TinyModels.separable(120, 2), i -> 1);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel model = tuner(base).findLearningRate(true).build().fit(data);
      assertNotNull(model.learningRateFound());
      assertTrue(model.endpoints().scores().op().name().startsWith("tftune/"),
          "the range test's heads keep out of the run's scope: "
              + model.endpoints().scores().op().name());
      assertEquals(data.size(), data.batches().stream().mapToInt(b -> b.length).sum(),
          "the range test and the run share one pass of the base");
    }
  }

  @Test
  void theBaseSweepPutsTheBaseVariablesBack() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      Map<String, byte[]> before = VariableValues.snapshot(base);
      LearningRateFinder.Found found = LearningRateFinder.of(tuner(base)
          .plan(TrainingPlan.matching("hidden")).build()).find(TinyModels.separable(120, 2));
      assertNotNull(found.baseRate(), "base variables train: a rate of their own");
      Map<String, byte[]> after = VariableValues.snapshot(base);
      assertEquals(before.keySet(), after.keySet());
      before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }
  }
}
