package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.GraphIndex;
import dev.tftune.graph.Graphs;
import dev.tftune.graph.Tensors;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.testing.RecurrentModels;
import dev.tftune.testing.VariableValues;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A Keras-style recurrent layer (a {@code While} over tensor lists, its sequence length read
 * from the input's shape) is unrolled at load, computes what the loop computed, and its cell
 * trains.
 */
class LoopUnrollingTest {
  @TempDir
  Path tmp;

  private static float[] probabilities(BaseModel model, float[] sequences, int count) {
    String out = model.defaultSignature().outputs().get("probabilities").name();
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(count, RecurrentModels.STEPS,
        RecurrentModels.WIDTH), DataBuffers.of(sequences));
        Result r = model.session().runner().feed("seq", in).fetch(out).run()) {
      return Tensors.floats((TFloat32) r.get(0));
    }
  }

  private static float[] someSequences(int count) {
    float[] v = new float[count * RecurrentModels.STEPS * RecurrentModels.WIDTH];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.cos(0.7 * i);
    }
    return v;
  }

  @Test
  void aLoopWithALengthFixedByTheInputShapeIsUnrolledStepByStep() {
    try (BaseModel model = SavedModels.load(RecurrentModels.write(tmp.resolve("m")))) {
      assertTrue(model.rewrites().contains("unrolled 1 loops (rnn/while: 4 steps)"),
          model.rewrites().toString());
      GraphIndex index = GraphIndex.of(model.metaGraph().getGraphDef());
      Set<String> path = index.upstream(Graphs.signatureOutputOps(model.metaGraph().toBuilder()));
      List<String> left = path.stream().map(n -> index.node(n).getOp())
          .filter(op -> op.equals("While") || op.startsWith("TensorList")).toList();
      assertEquals(List.of(), left);
      assertTrue(model.inspect().missingGradients().isEmpty(),
          model.inspect().missingGradients().toString());
    }
  }

  @Test
  void theUnrolledGraphComputesWhatTheLoopComputes() {
    Path dir = RecurrentModels.write(tmp.resolve("m"));
    float[] sequences = someSequences(3);
    float[] looped;
    try (BaseModel model = SavedModels.load(dir, LoadOptions.defaults().withUnrollLoops(false))) {
      looped = probabilities(model, sequences, 3);
      assertTrue(model.inspect().missingGradients().contains("While"),
          model.inspect().missingGradients().toString());
    }
    try (BaseModel model = SavedModels.load(dir)) {
      float[] unrolled = probabilities(model, sequences, 3);
      assertEquals(looped.length, unrolled.length);
      for (int i = 0; i < looped.length; i++) {
        assertEquals(looped[i], unrolled[i], 1e-6, "probability " + i);
      }
    }
  }

  @Test
  void theRecurrentCellTrainsOnceUnrolled() {
    Path dir = RecurrentModels.write(tmp.resolve("m"));
    Dataset data = RecurrentModels.sequences(400, 3);
    try (BaseModel base = SavedModels.load(dir)) {
      float[] before = VariableValues.resource(base, "rnn/cell/kernel");
      TrainedModel trained = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("rnn/cell/")).optimizer(Optimizers.adam(0.03f))
          .batchSize(16).epochs(8).seed(1).build().fit(data);
      float[] after = VariableValues.resource(base, "rnn/cell/kernel");
      assertFalse(java.util.Arrays.equals(before, after), "the cell's kernel was updated");
      double accuracy = trained.evaluate(RecurrentModels.sequences(300, 4)).accuracy();
      assertTrue(accuracy >= 0.85, "held-out accuracy " + accuracy);
    }
  }
}
