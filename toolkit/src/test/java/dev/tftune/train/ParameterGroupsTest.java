package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.optimizer.Warmup;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter groups: unfrozen base variables learn at their own rate, multipliers scale the
 * variables their patterns find, stages of gradual unfreezing wait for their epoch, and the
 * schedule's rate is what each step is fed.
 */
class ParameterGroupsTest {
  private static final String KERNEL = "base/hidden/kernel";

  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(64, 4);

  @Test
  void aBaseLearningRateScalesTheBaseStepAndOnlyIt() {
    float[] full = firstSgdStep(b -> { }, "full");
    float[] tenth = firstSgdStep(b -> b.baseLearningRate(0.1f), "tenth");
    assertTrue(java.util.stream.IntStream.range(0, full.length).anyMatch(i -> full[i] != 0),
        "the base kernel must move at all");
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] * 0.1, tenth[i], Math.abs(full[i]) * 1e-4 + 1e-9, "element " + i);
    }
  }

  @Test
  void aLearningRateMultiplierScalesTheVariablesItsPatternFinds() {
    float[] full = firstSgdStep(b -> { }, "full");
    float[] doubled = firstSgdStep(b -> b.learningRateMultiplier("hidden/kernel$", 2f), "twice");
    float[] frozen = firstSgdStep(b -> b.learningRateMultiplier("hidden", 0f)
        .learningRateMultiplier("kernel", 5f), "zero");
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] * 2, doubled[i], Math.abs(full[i]) * 1e-4 + 1e-9, "element " + i);
      assertEquals(0f, frozen[i], "the first matching pattern (x0) decides, element " + i);
    }
  }

  @Test
  void gradualUnfreezingKeepsAStageStillUntilItsEpoch() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("stages"),
        VariableKind.RESOURCE))) {
      List<float[]> kernels = new ArrayList<>();
      TrainingListener watch = new TrainingListener() {
        @Override
        public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
          kernels.add(VariableValues.floats(VariableValues.snapshot(base).get(KERNEL)));
        }
      };
      float[] start = VariableValues.floats(VariableValues.snapshot(base).get(KERNEL));
      FineTuner.builder().base(base).features("probabilities")
          .gradualUnfreezing(List.of(TrainingPlan.matching("base/out/kernel"),
              TrainingPlan.matching("base/out/kernel", KERNEL)))
          .optimizer(Optimizers.adam(0.05f)).epochs(3).batchSize(16).listener(watch).build()
          .fit(data);
      assertArrayEquals(start, kernels.get(0), "stage 2's kernel does not move in epoch 1");
      assertFalse(Arrays.equals(kernels.get(0), kernels.get(1)), "it trains from epoch 2");
      assertFalse(Arrays.equals(kernels.get(1), kernels.get(2)), "and on");
    }
  }

  @Test
  void theLoopFeedsTheSchedulesRateAtEveryStep() {
    LearningRateSchedule cosine = LearningRateSchedule.cosine(Warmup.steps(3));
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("rates"),
        VariableKind.RESOURCE))) {
      List<Float> fed = new ArrayList<>();
      TrainingListener watch = new TrainingListener() {
        @Override
        public void onStepEnd(TrainingState state) {
          fed.add(state.learningRate());
        }
      };
      FineTuner.builder().base(base).features("features").optimizer(Optimizers.sgd(0.5f))
          .schedule(cosine).epochs(2).batchSize(8).validationSplit(0).listener(watch).build()
          .fit(data);
      assertEquals(16, fed.size());
      for (int step = 1; step <= 16; step++) {
        assertEquals(cosine.rate(0.5f, step, 16), fed.get(step - 1), "step " + step);
      }
    }
  }

  /** How the base kernel moves in the first full-batch SGD step at head learning rate 1. */
  private float[] firstSgdStep(Consumer<FineTuner.Builder> configure, String name) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(name),
        VariableKind.RESOURCE))) {
      float[] before = VariableValues.floats(VariableValues.snapshot(base).get(KERNEL));
      FineTuner.Builder b = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching(KERNEL)).optimizer(Optimizers.sgd(1f)).epochs(1)
          .batchSize(data.size()).validationSplit(0);
      configure.accept(b);
      b.build().fit(data);
      float[] after = VariableValues.floats(VariableValues.snapshot(base).get(KERNEL));
      for (int i = 0; i < after.length; i++) {
        after[i] -= before[i];
      }
      return after;
    }
  }
}
