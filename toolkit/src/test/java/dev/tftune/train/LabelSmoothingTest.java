package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Label smoothing, computed by TensorFlow Java Framework's categorical cross-entropy, against
 * the formula worked out by hand; and it trains (its gradient exists).
 */
class LabelSmoothingTest {
  @TempDir
  Path tmp;

  private static final float[][] LOGITS = {{2f, 0f, -1f}, {0.5f, 0.5f, 3f}};
  private static final int[] LABELS = {0, 2};

  @Test
  void theLossIsCrossEntropyAgainstSmoothedTargets() {
    float s = 0.1f;
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      Objective objective = Objective.classification(s);
      Operand<TFloat32> loss = objective.loss(tf, tf.constant(LOGITS), tf.constant(LABELS));
      try (Result r = session.runner().fetch(loss).run()) {
        TFloat32 values = (TFloat32) r.get(0);
        for (int i = 0; i < LABELS.length; i++) {
          assertEquals(byHand(LOGITS[i], LABELS[i], s), values.getFloat(i), 1e-5, "row " + i);
        }
      }
    }
  }

  @Test
  void noSmoothingIsThePlainCrossEntropy() {
    assertEquals(-Math.log(softmax(LOGITS[0])[0]), byHand(LOGITS[0], 0, 0), 1e-12);
  }

  @Test
  void aHeadTrainsWithSmoothedLabels() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainingHistory h = FineTuner.builder().base(base).features("features")
          .objective(Objective.classification(0.1f)).epochs(5).batchSize(16).build()
          .fit(TinyModels.separable(120, 3)).history();
      assertTrue(h.last().loss() < h.epochs().get(0).loss(), "the loss falls: " + h.epochs());
    }
  }

  /** -sum_j y_j log p_j with y = (1 - s) onehot + s / k. */
  private static double byHand(float[] logits, int label, float s) {
    double[] p = softmax(logits);
    double loss = 0;
    for (int j = 0; j < p.length; j++) {
      double y = (j == label ? 1 - s : 0) + s / p.length;
      loss -= y * Math.log(p[j]);
    }
    return loss;
  }

  private static double[] softmax(float[] logits) {
    double sum = 0;
    double[] e = new double[logits.length];
    for (int j = 0; j < logits.length; j++) {
      e[j] = Math.exp(logits[j]);
      sum += e[j];
    }
    for (int j = 0; j < e.length; j++) {
      e[j] /= sum;
    }
    return e;
  }
}
