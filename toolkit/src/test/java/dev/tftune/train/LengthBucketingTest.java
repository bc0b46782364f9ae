package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.RecordingDataset;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Examples that report a length are batched with examples of similar length. */
class LengthBucketingTest {
  private static final int N = 640;
  private static final int BATCH = 16;

  @TempDir
  Path tmp;

  @Test
  void trainingBatchesHoldExamplesOfSimilarLength() {
    RecordingDataset data = lengthy(TinyModels.separable(N, 5));
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("base/hidden/kernel")).optimizer(Optimizers.sgd(0.1f))
          .epochs(1).batchSize(BATCH).validationSplit(0).build().fit(data);
    }
    // lengths are spread over 1..100: random batches of 16 span about 90 of them
    double meanSpread = data.batches().stream().filter(b -> b.length > 1)
        .mapToInt(b -> spread(data, b)).average().orElseThrow();
    assertTrue(meanSpread < 15, "mean length spread in a batch " + meanSpread);
    assertEquals(N, data.batches().stream().mapToInt(b -> b.length).sum(),
        "every example is trained on once per epoch");
  }

  @Test
  void frozenFeaturesAreComputedInLengthOrder() {
    RecordingDataset data = lengthy(TinyModels.separable(N, 6));
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner.builder().base(base).features("features").epochs(1).validationSplit(0).build()
          .fit(data);
    }
    int previousMax = 0;
    for (int[] batch : data.batches()) {
      int min = Arrays.stream(batch).map(data::length).min().orElseThrow();
      assertTrue(min >= previousMax, "batches must follow each other in length order");
      previousMax = Arrays.stream(batch).map(data::length).max().orElseThrow();
    }
  }

  @Test
  void predictionsComeBackInDatasetOrder() {
    Dataset plain = TinyModels.separable(200, 7);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel tuner = FineTuner.builder().base(base).features("features").epochs(1)
          .build().fit(plain);
      float[][] inOrder = tuner.predict(plain);
      float[][] sorted = tuner.predict(lengthy(plain));
      for (int i = 0; i < inOrder.length; i++) {
        // batches of other sizes may round differently (the CPU's matrix kernels), not by more
        org.junit.jupiter.api.Assertions.assertArrayEquals(inOrder[i], sorted[i], 1e-6f,
            "row " + i);
      }
    }
  }

  /** Lengths spread over 1..100 in an order unrelated to the index. */
  private static RecordingDataset lengthy(Dataset d) {
    return new RecordingDataset(d, i -> 1 + (i * 7919) % 100);
  }

  private static int spread(Dataset d, int[] batch) {
    int[] lengths = Arrays.stream(batch).map(d::length).toArray();
    return Arrays.stream(lengths).max().orElseThrow() - Arrays.stream(lengths).min().orElseThrow();
  }
}
