package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graphs whose batch dimension is baked in beyond the signature are padded and masked. */
class FixedBatchTest {
  @TempDir
  Path tmp;

  @Test
  void graphThatRejectsOtherBatchSizesIsPaddedToItsFixedBatch() {
    try (BaseModel base = SavedModels.load(TinyModels.writeFixedBatch(tmp.resolve("m"), 8))) {
      assertEquals(8, base.fixedBatch(), "the relaxed graph fails the probe, so 8 stays");
      Dataset data = TinyModels.separable(61, 5);
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("hidden")).optimizer(Optimizers.adam(0.05f))
          .batchSize(5).epochs(4).build().fit(data);
      TrainingHistory history = tuner.history();
      assertTrue(history.batchHandling().contains("padded"), history.batchHandling());
      assertTrue(history.last().loss() < history.epochs().get(0).loss());
      float[][] p = tuner.predict(data);
      assertEquals(61, p.length, "every example gets a prediction, none of the padding");
      for (float[] row : p) {
        assertEquals(TinyModels.CLASSES, row.length);
      }
    }
  }

  @Test
  void paddingRowsDoNotCountInTheMetrics() {
    try (BaseModel base = SavedModels.load(TinyModels.writeFixedBatch(tmp.resolve("m"), 8))) {
      Dataset data = TinyModels.separable(21, 6);
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("hidden")).batchSize(3).epochs(1).validationSplit(0)
          .build().fit(data);
      EpochMetrics m = tuner.history().last();
      // with padding counted, accuracy could not be a multiple of 1/21
      double correct = m.accuracy() * 21;
      assertEquals(Math.round(correct), correct, 1e-6);
      assertEquals(tuner.evaluate(data).count(), 21);
    }
  }
}
