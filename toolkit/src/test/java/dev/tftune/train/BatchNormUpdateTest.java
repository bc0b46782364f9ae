package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.Scaling;
import dev.tftune.graph.BatchNormSwitch;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.LoadOptions;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.Fixtures;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** BatchNorm behaviour is its own setting: inference by default, updating on request. */
class BatchNormUpdateTest {
  private static final long[] CIFAR = {32, 32, 3};
  private static final String FEATURES = "resnet_model/final_reduce_mean";
  private static final String LAST_BLOCK_BN = "batch_normalization_(28|29|30)/";

  private static Dataset images(int n) {
    Path train = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    return ImageFitter.fit(IdxFiles.read(train, n), CIFAR, Scaling.PER_IMAGE_STANDARDIZATION);
  }

  private static BaseModel switched() {
    return SavedModels.load(Fixtures.require("savedmodels/tf1/resnet32-cifar10"),
        LoadOptions.defaults().withRewrite(new BatchNormSwitch()));
  }

  @Test
  void theSwitchedGraphComputesTheSameFeaturesUntilItIsFlipped() {
    // within float rounding: the optimizer fuses BatchNorm into convolutions differently once a
    // select stands between them
    Dataset data = images(64);
    float[][] original;
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf1/resnet32-cifar10"))) {
      original = FeatureExtractor.of(base, FEATURES).extract(data);
    }
    try (BaseModel base = switched()) {
      float[][] rewritten = FeatureExtractor.of(base, FEATURES).extract(data);
      for (int i = 0; i < original.length; i++) {
        assertArrayEquals(original[i], rewritten[i], 1e-5f, "example " + i);
      }
    }
  }

  @Test
  void updateModeMovesTheMovingStatisticsOfTrainedLayersOnly() {
    try (BaseModel base = switched()) {
      Map<String, byte[]> before = VariableValues.snapshot(base);
      TrainedModel tuner = FineTuner.builder().base(base).features(FEATURES)
          .plan(TrainingPlan.matching(LAST_BLOCK_BN + "(gamma|beta)"))
          .batchNorm(BatchNormMode.UPDATE).epochs(1).build().fit(images(96));
      Map<String, byte[]> after = VariableValues.snapshot(base);
      Set<String> trained = Set.copyOf(tuner.trainedBaseVariables());
      before.forEach((name, bytes) -> {
        boolean moves = trained.contains(name)
            || name.matches(".*" + LAST_BLOCK_BN + "moving_(mean|variance)");
        assertEquals(moves, !Arrays.equals(bytes, after.get(name)), name);
      });
    }
  }

  @Test
  void inferenceModeLeavesEveryMovingStatisticAlone() {
    try (BaseModel base = switched()) {
      Map<String, byte[]> before = VariableValues.snapshot(base);
      FineTuner.builder().base(base).features(FEATURES)
          .plan(TrainingPlan.matching(LAST_BLOCK_BN + "(gamma|beta)")).epochs(1).build()
          .fit(images(64));
      Map<String, byte[]> after = VariableValues.snapshot(base);
      before.keySet().stream().filter(n -> n.contains("moving_")).forEach(n ->
          assertArrayEquals(before.get(n), after.get(n), n));
    }
  }

  @Test
  void updateModeOnAGraphWithoutTheSwitchSaysHowToLoadIt() {
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf1/resnet32-cifar10"))) {
      FineTuner tuner = FineTuner.builder().base(base).features(FEATURES)
          .plan(TrainingPlan.matching(LAST_BLOCK_BN + "gamma"))
          .batchNorm(BatchNormMode.UPDATE).epochs(1).build();
      TftuneException e = assertThrows(TftuneException.class, () -> tuner.fit(images(20)));
      assertEquals(true, e.getMessage().contains("BatchNormSwitch"), e.getMessage());
    }
  }
}
