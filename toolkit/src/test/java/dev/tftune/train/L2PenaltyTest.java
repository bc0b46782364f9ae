package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.ConfigurationException;
import dev.tftune.graph.VariableKind;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An L2 factor adds factor * sum(w^2) over the head's kernels to the training loss. */
class L2PenaltyTest {
  private static final float FACTOR = 0.01f;

  @TempDir
  Path tmp;

  @Test
  void theFirstStepsLossGrowsByTheFactorTimesTheSquaredKernels() {
    double[] plain = firstStep(DenseHead.builder().hiddenUnits(5).build(), "plain");
    double[] penalized = firstStep(DenseHead.builder().hiddenUnits(5).l2(FACTOR).build(),
        "l2");
    // the same seed: the same initial kernels, the same first batch
    assertTrue(plain[1] > 0);
    assertEquals(plain[1], penalized[1], 0);
    assertEquals(plain[0] + FACTOR * plain[1], penalized[0], 1e-5);
  }

  @Test
  void aNegativeFactorIsRefusedWithTheFix() {
    var e = assertThrows(ConfigurationException.class, () -> DenseHead.builder().l2(-1e-4f));
    assertEquals(true, e.getMessage().contains("1e-4"), e.getMessage());
  }

  /** The first step's loss, and the sum of the squares of the kernels it started from. */
  private double[] firstStep(DenseHead head, String name) {
    double[] seen = new double[2];
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(name),
        VariableKind.RESOURCE))) {
      FineTuner.builder().base(base).features("features").head(head)
          .optimizer(Optimizers.sgd(0.1f)).epochs(1).batchSize(4).validationSplit(0)
          .listener(new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingState state) {
              for (String kernel : List.of("tftune/head/dense_0/kernel",
                  "tftune/head/logits/kernel")) {
                for (float w : VariableValues.resource(base, kernel)) {
                  seen[1] += (double) w * w;
                }
              }
            }

            @Override
            public void onStepEnd(TrainingState state) {
              if (state.step() == 1) {
                seen[0] = state.stepLoss();
              }
            }
          }).build().fit(TinyModels.separable(40, 6));
    }
    return seen;
  }
}
