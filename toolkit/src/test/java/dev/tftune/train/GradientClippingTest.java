package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clipping by global norm caps the length of a step, whatever the gradient's size. */
class GradientClippingTest {
  private static final String KERNEL = "base/hidden/kernel";

  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(64, 3);

  @Test
  void aClippedSgdStepMovesTheWeightsByAtMostTheClipNorm() {
    float clip = 1e-3f;
    double moved = oneSgdStep(clip, "clipped");
    assertTrue(moved <= clip * 1.0001, "moved " + moved + " > clip " + clip);
    assertTrue(moved > 0, "the step must still move the unfrozen kernel");
  }

  @Test
  void withoutClippingTheSameStepIsMuchLonger() {
    // guards the test above: the gradient is large enough for clipping to matter
    assertTrue(oneSgdStep(0, "plain") > 0.01);
  }

  /** L2 distance the base kernel moves in one full-batch SGD step at learning rate 1. */
  private double oneSgdStep(float clip, String name) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(name),
        VariableKind.RESOURCE))) {
      Map<String, byte[]> before = VariableValues.snapshot(base);
      FineTuner.builder().base(base).features("features").plan(TrainingPlan.matching(KERNEL))
          .optimizer(Optimizers.sgd(1f)).clipGlobalNorm(clip).epochs(1)
          .batchSize(data.size()).validationSplit(0).build().fit(data);
      float[] a = VariableValues.floats(before.get(KERNEL));
      float[] b = VariableValues.floats(VariableValues.snapshot(base).get(KERNEL));
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
      }
      return Math.sqrt(sum);
    }
  }
}
