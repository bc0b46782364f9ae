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
      TrainedModel tuner = FineTuner.builder().base(base).features("resnet_model/final_reduce_mean")
          .optimizer(Optimizers.adam(1e-2f)).epochs(20).batchSize(32).build().fit(trainSet);
      TrainingHistory history = tuner.history();
      assertTrue(history.cachedFeatures());
      assertEquals(trainSet.size(), history.baseExamplesRun(),
          "the base runs exactly once per example, not once per epoch");
      Evaluation eval = tuner.evaluate(testSet);
      System.out.println("frozen ResNet-32 head on Fashion-MNIST: test accuracy " + eval.accuracy());
      assertTrue(eval.accuracy() > 0.5, "accuracy " + eval.accuracy());
    }
  }

  @Test
  void unfreezingTheLastResidualBlockChangesOnlyItsVariables() {
    Path model = Fixtures.require("savedmodels/tf1/resnet32-cifar10");
    Path train = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    Dataset data = ImageFitter.fit(IdxFiles.read(train, 300), CIFAR,
        Scaling.PER_IMAGE_STANDARDIZATION);
    try (BaseModel base = SavedModels.load(model)) {
      java.util.Map<String, byte[]> before = dev.tftune.testing.VariableValues.snapshot(base);
      TrainedModel tuner = FineTuner.builder().base(base).features("resnet_model/final_reduce_mean")
          .plan(TrainingPlan.matching("conv2d_3[23]/kernel",
              "batch_normalization_(28|29|30)/(gamma|beta)"))
          .epochs(1).build().fit(data);
      java.util.Map<String, byte[]> after = dev.tftune.testing.VariableValues.snapshot(base);
      java.util.Set<String> trained = java.util.Set.copyOf(tuner.trainedBaseVariables());
      assertEquals(8, trained.size(), trained.toString());
      before.forEach((name, bytes) -> {
        boolean same = java.util.Arrays.equals(bytes, after.get(name));
        assertEquals(!trained.contains(name), same, name + (same ? " did not train" : " moved"));
      });
    }
  }
}
