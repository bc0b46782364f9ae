package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.Scaling;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real ResNet-32 (CIFAR-10) fixture transferred to Fashion-MNIST. */
class ResNetFixtureTest {
  private static final long[] CIFAR = {32, 32, 3};

  @Test
  void headOnFrozenResNetLearnsFashionMnistFarAboveChance() {
    Path model = Fixtures.require("savedmodels/tf1/resnet32-cifar10");
    Path train = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    Path test = Fixtures.require("data/fashion-mnist/t10k-images-idx3-ubyte.gz");
    Dataset trainSet = ImageFitter.fit(IdxFiles.read(train, 1000), CIFAR,
        Scaling.PER_IMAGE_STANDARDIZATION);
    Dataset testSet = ImageFitter.fit(IdxFiles.read(test, 500), CIFAR,
        Scaling.PER_IMAGE_STANDARDIZATION);
    try (BaseModel base = SavedModels.load(model)) {
      assertEquals(-1, base.fixedBatch(), "the fixture's batch of 128 should be relaxed");
      FineTuner tuner = FineTuner.builder().base(base).features("resnet_model/final_reduce_mean")
          .optimizer(Optimizers.adam(1e-2f)).epochs(20).batchSize(32).build();
      TrainingHistory history = tuner.fit(trainSet);
      assertTrue(history.cachedFeatures());
      assertEquals(trainSet.size(), history.baseExamplesRun() - 1,
          "the base runs once per example (plus one probe), not once per epoch");
      Evaluation eval = tuner.evaluate(testSet);
      System.out.println("frozen ResNet-32 head on Fashion-MNIST: test accuracy " + eval.accuracy());
      assertTrue(eval.accuracy() > 0.5, "accuracy " + eval.accuracy());
    }
  }
}
