package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unfrozen base variables can learn at their own rate, apart from the head's. */
class ParameterGroupsTest {
  private static final String KERNEL = "base/hidden/kernel";

  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(64, 4);

  @Test
  void aBaseLearningRateScalesTheBaseStepAndOnlyIt() {
    float[] full = firstSgdStep(null, "full");
    float[] tenth = firstSgdStep(0.1f, "tenth");
    assertTrue(java.util.stream.IntStream.range(0, full.length).anyMatch(i -> full[i] != 0),
        "the base kernel must move at all");
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] * 0.1, tenth[i], Math.abs(full[i]) * 1e-4 + 1e-9, "element " + i);
    }
  }

  /** How the base kernel moves in the first full-batch SGD step at head learning rate 1. */
  private float[] firstSgdStep(Float baseRate, String name) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(name),
        VariableKind.RESOURCE))) {
      float[] before = VariableValues.floats(VariableValues.snapshot(base).get(KERNEL));
      FineTuner.Builder b = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching(KERNEL)).optimizer(Optimizers.sgd(1f)).epochs(1)
          .batchSize(data.size()).validationSplit(0);
      if (baseRate != null) {
        b.baseLearningRate(baseRate);
      }
      b.build().fit(data);
      float[] after = VariableValues.floats(VariableValues.snapshot(base).get(KERNEL));
      for (int i = 0; i < after.length; i++) {
        after[i] -= before[i];
      }
      return after;
    }
  }
}
