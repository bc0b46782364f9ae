package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which variables train is exactly what the plan says, for ref and resource variables alike. */
class FreezingTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(300, 1);

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void headOnlyTrainingLeavesEveryBaseVariableBitIdentical(VariableKind kind) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      Map<String, byte[]> before = VariableValues.snapshot(base);
      TrainingHistory h = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.05f)).epochs(3).build().fit(data).history();
      Map<String, byte[]> after = VariableValues.snapshot(base);
      before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
      assertTrue(h.cachedFeatures());
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void unfrozenPatternTrainsOnlyTheMatchingVariables(VariableKind kind) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      Map<String, byte[]> before = VariableValues.snapshot(base);
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("^base/hidden/kernel$"))
          .optimizer(Optimizers.adam(0.05f)).epochs(3).build().fit(data);
      TrainingHistory h = tuner.history();
      Map<String, byte[]> after = VariableValues.snapshot(base);
      assertFalse(h.cachedFeatures());
      assertEquals(List.of("base/hidden/kernel"), tuner.trainedBaseVariables());
      assertFalse(Arrays.equals(before.get("base/hidden/kernel"), after.get("base/hidden/kernel")),
          "the unfrozen kernel should change");
      for (String frozen : List.of("base/hidden/bias", "base/out/kernel")) {
        assertArrayEquals(before.get(frozen), after.get(frozen), frozen + " must stay frozen");
      }
      assertTrue(h.last().loss() < h.epochs().get(0).loss(), "loss should decrease");
    }
  }
}
