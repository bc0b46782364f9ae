package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tftune.ConfigurationException;
import dev.tftune.data.Dataset;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.Split;
import dev.tftune.graph.VariableKind;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class weights scale each example's training loss by its class's weight. */
class ClassWeightsTest {
  @TempDir
  Path tmp;

  @Test
  void balancedWeightsAreTheExamplesOverClassesTimesTheClassCount() {
    Dataset data = new ImageDataset(new float[4], new long[] {1}, new int[] {0, 0, 0, 1},
        List.of("ham", "spam"));
    assertArrayEquals(new float[] {4f / (2 * 3), 4f / (2 * 1)},
        ClassWeights.balanced().resolve(data, new int[] {0, 1, 2, 3}), 1e-7f);
    assertThrows(ConfigurationException.class,
        () -> ClassWeights.of(1f, 2f, 3f).resolve(data, new int[] {0}));
  }

  @Test
  void eachStepsLossIsTheExamplesLossTimesItsClassWeight() {
    float[] w = {0.5f, 3f, 2f};
    List<Double> plain = firstStepLosses(ClassWeights.none(), "plain");
    List<Double> weighted = firstStepLosses(ClassWeights.of(w), "weighted");
    Dataset data = TinyModels.separable(40, 6);
    // the batches of fit(data): a seeded split (nothing held out), then the epoch's order
    int[] order = new EpochPlan(Split.random(40, 0, 42).training(), 1, 42, i -> 0).batches(1)
        .stream().mapToInt(b -> b[0]).toArray();
    // one example per step: the step's loss is that example's loss times its class's weight;
    // the first step starts from the same weights in both runs
    assertEquals(plain.get(0) * w[data.label(order[0])], weighted.get(0), 1e-5 * plain.get(0));
  }

  private List<Double> firstStepLosses(ClassWeights weights, String name) {
    List<Double> losses = new ArrayList<>();
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(name),
        VariableKind.RESOURCE))) {
      // the prior bias would follow the weights; at zero, both runs start from the same head
      FineTuner.builder().base(base).features("features").optimizer(Optimizers.sgd(0.1f))
          .head(DenseHead.builder().priorBias(false).build()).epochs(1).batchSize(1)
          .validationSplit(0).classWeights(weights)
          .listener(new TrainingListener() {
            @Override
            public void onStepEnd(TrainingState state) {
              losses.add(state.stepLoss());
            }
          }).build().fit(TinyModels.separable(40, 6));
    }
    return losses;
  }
}
