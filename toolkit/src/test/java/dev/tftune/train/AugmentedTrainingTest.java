package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Augmentation;
import dev.tftune.data.AugmentedImages;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Augmented data changes from epoch to epoch, so a frozen base cannot be cached. */
class AugmentedTrainingTest {
  private static final int SIZE = 8;

  @TempDir
  Path tmp;

  @Test
  void augmentationTurnsFeatureCachingOffAndTheBaseRunsEveryEpoch() {
    RawImages raw = images(40);
    AugmentedImages data = new AugmentedImages(raw, new long[] {SIZE, SIZE, 3}, Scaling.UNIT,
        Augmentation.none().withHorizontalFlip(true).withBrightness(10));
    try (BaseModel base = SavedModels.load(model())) {
      TrainingHistory h = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.01f)).epochs(3).validationSplit(0).build().fit(data)
          .history();
      assertFalse(h.cachedFeatures());
      assertTrue(h.baseExamplesRun() >= 3L * raw.count(), "runs " + h.baseExamplesRun());
    }
  }

  @Test
  void withoutAugmentationTheSameImagesAreCached() {
    RawImages raw = images(40);
    AugmentedImages data = new AugmentedImages(raw, new long[] {SIZE, SIZE, 3}, Scaling.UNIT,
        Augmentation.none());
    try (BaseModel base = SavedModels.load(model())) {
      TrainingHistory h = FineTuner.builder().base(base).features("features").epochs(3)
          .validationSplit(0).build().fit(data).history();
      assertTrue(h.cachedFeatures());
    }
  }

  private Path model() {
    return TinyModels.writeImage(tmp.resolve("model"), SIZE);
  }

  private static RawImages images(int n) {
    return TinyModels.randomImages(n, SIZE);
  }
}
