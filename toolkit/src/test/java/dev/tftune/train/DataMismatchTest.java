package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.TftuneException;
import dev.tftune.data.ImageDataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data the model cannot take fails in one line that says so, not with TensorFlow's trace. */
class DataMismatchTest {
  @TempDir
  Path tmp;

  @Test
  void examplesOfTheWrongWidthFailWithAFix() {
    // the tiny model takes 4 values per example; these have 5
    ImageDataset wide = new ImageDataset(new float[10 * 5], new long[] {5},
        new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, List.of("a", "b"));
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner tuner = FineTuner.builder().base(base).features("features").epochs(1).build();
      TftuneException e = assertThrows(TftuneException.class, () -> tuner.fit(wide));
      assertTrue(e.getMessage().startsWith("the model fails on the data"), e.getMessage());
      assertTrue(e.getMessage().contains("(fix: "), e.getMessage());
    }
  }

  @Test
  void aFeatureTensorThatMergesTheBatchWithTheStepsIsRefusedWithAFix() {
    // [-1, 5, 3] reshaped to [-1, 3]: 15 values per example where the shape says 3
    ImageDataset sequences = new ImageDataset(new float[8 * 15], new long[] {5, 3},
        new int[] {0, 1, 0, 1, 0, 1, 0, 1}, List.of("a", "b"));
    try (BaseModel base = SavedModels.load(TinyModels.writeMergedBatch(tmp.resolve("m"), 5,
        3))) {
      FineTuner tuner = FineTuner.builder().base(base).features("features").epochs(1)
          .optimizer(dev.tftune.optimizer.Optimizers.adam(0.01f)).build();
      TftuneException e = assertThrows(TftuneException.class, () -> tuner.fit(sequences));
      assertTrue(e.getMessage().startsWith("the feature tensor gives 15 values per example, "
          + "not the 3 its shape says"), e.getMessage());
      assertTrue(e.getMessage().contains("(fix: choose --features"), e.getMessage());
    }
  }
}
