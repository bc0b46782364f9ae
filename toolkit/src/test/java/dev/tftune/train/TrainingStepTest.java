package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The exposed step is the one the tuner trains with: run by hand, it keeps training. */
class TrainingStepTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(64, 5);

  @Test
  void stepsRunByHandOnCachedFeaturesLowerTheLoss() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.sgd(0.1f)).epochs(1).batchSize(data.size()).validationSplit(0)
          .build().fit(data);
      TrainingStep step = tuner.trainingStep();
      assertNotNull(step.cachedFeatures());
      float[] features = flat(FeatureExtractor.of(base, "features").extract(data));
      int[] labels = new int[data.size()];
      Arrays.setAll(labels, data::label);
      float first = handStep(base, step, features, labels, 2);
      float last = first;
      for (int s = 3; s < 40; s++) {
        last = handStep(base, step, features, labels, s);
      }
      assertTrue(last < first, "loss " + first + " -> " + last);
    }
  }

  @Test
  void whenTheBaseTrainsTheStepFeedsTheBaseInputs() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("base/hidden/kernel")).epochs(1).validationSplit(0)
          .build().fit(data);
      assertNull(tuner.trainingStep().cachedFeatures());
    }
  }

  private static float handStep(BaseModel base, TrainingStep step, float[] features,
      int[] labels, long stepNumber) {
    float[] ones = new float[labels.length];
    Arrays.fill(ones, 1f);
    int dim = features.length / labels.length;
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(labels.length, dim), DataBuffers.of(features));
        TInt32 y = TInt32.vectorOf(labels);
        TFloat32 w = TFloat32.vectorOf(ones);
        TFloat32 lr = TFloat32.scalarOf(0.1f);
        TFloat32 n = TFloat32.scalarOf(stepNumber);
        Result r = base.session().runner().feed(step.cachedFeatures(), x)
            .feed(step.labels(), y).feed(step.weights(), w).feed(step.learningRate(), lr)
            .feed(step.step(), n).fetch(step.loss()).addTarget(step.update()).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static float[] flat(float[][] rows) {
    int dim = rows[0].length;
    float[] out = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * dim, dim);
    }
    return out;
  }
}
