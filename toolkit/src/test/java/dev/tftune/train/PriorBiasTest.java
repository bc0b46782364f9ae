package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.head.DenseHead;
import dev.tftune.head.HeadGraph;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logits' biases start at the log of the training classes' (weighted) shares. */
class PriorBiasTest {
  @TempDir
  Path tmp;

  @Test
  void theSoftmaxOfThePriorBiasIsTheClassesShares() {
    float[] bias = HeadGraph.priorBias(new long[] {30, 10, 0}, null);
    double[] p = softmax(bias);
    // a class without examples counts as half an example
    assertArrayEquals(new double[] {30 / 40.5, 10 / 40.5, 0.5 / 40.5}, p, 1e-6);
  }

  @Test
  void classWeightsScaleTheSharesTheBiasStartsFrom() {
    double[] p = softmax(HeadGraph.priorBias(new long[] {30, 10}, new float[] {1, 3}));
    assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-6);
  }

  @Test
  void aFittedHeadsLogitBiasesStartAtTheTrainingSplitsLogShares() {
    Dataset data = TinyModels.separable(40, 6);
    long[] counts = new long[3];
    // nothing held out: every example trains
    for (int i = 0; i < data.size(); i++) {
      counts[data.label(i)]++;
    }
    assertTrue(counts[0] != counts[1] || counts[1] != counts[2], "the classes differ in size");
    assertArrayEquals(HeadGraph.priorBias(counts, null), initialLogitBias(DenseHead.builder().priorBias(true).build()),
        1e-6f);
    assertArrayEquals(new float[3], initialLogitBias(DenseHead.linear()), 0f);
  }

  private float[] initialLogitBias(DenseHead head) {
    float[][] seen = new float[1][];
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve(head.toString()
        .replaceAll("[^a-z]", "")), VariableKind.RESOURCE))) {
      FineTuner.builder().base(base).features("features").head(head)
          .optimizer(Optimizers.sgd(0.1f)).epochs(1).batchSize(4).validationSplit(0)
          .listener(new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingState state) {
              seen[0] = VariableValues.resource(base, "tftune/head/logits/bias");
            }
          }).build().fit(TinyModels.separable(40, 6));
    }
    return seen[0];
  }

  private static double[] softmax(float[] logits) {
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i]);
      sum += p[i];
    }
    for (int i = 0; i < logits.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
