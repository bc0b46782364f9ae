package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With the top of a base unfrozen, the frozen layers' output is kept after the first epoch and
 * fed afterwards: training goes exactly as when the whole base runs on every step.
 */
class FrozenActivationsTest {
  @TempDir
  Path tmp;

  private record Outcome(List<Double> losses, float[] outKernel, long keptFloats) {}

  private Outcome train(VariableKind kind, boolean cache, String dir) {
    Dataset data = TinyModels.separable(90, 5);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(dir), kind))) {
      TrainedModel tuner = FineTuner.builder().base(base).features("probabilities")
          .plan(TrainingPlan.matching("^base/out/kernel$")).optimizer(Optimizers.adam(0.05f))
          .epochs(4).batchSize(16).cacheFrozenActivations(cache).build().fit(data);
      TrainingHistory h = tuner.history();
      return new Outcome(h.epochs().stream().map(e -> e.loss() + e.validationLoss()).toList(),
          VariableValues.floats(VariableValues.snapshot(base).get("base/out/kernel")),
          tuner.keptActivationFloats());
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void theFrozenLayersOutputIsKeptForEveryExample(VariableKind kind) {
    Outcome cached = train(kind, true, "a");
    assertEquals(90L * TinyModels.FEATURES, cached.keptFloats(),
        "the relu features of all 90 examples (training and validation)");
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void trainingFromKeptActivationsMatchesTrainingThroughTheWholeBase(VariableKind kind) {
    Outcome cached = train(kind, true, "a");
    Outcome plain = train(kind, false, "b");
    assertEquals(0, plain.keptFloats());
    for (int e = 0; e < plain.losses().size(); e++) {
      assertEquals(plain.losses().get(e), cached.losses().get(e), 1e-6, "epoch " + (e + 1));
    }
    assertArrayEquals(plain.outKernel(), cached.outKernel(), 1e-6f);
  }
}
