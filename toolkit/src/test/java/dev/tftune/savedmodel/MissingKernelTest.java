package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Models with ops TensorFlow Java knows but has no kernel for (BoostedTreesBucketize, used by
 * estimator and TF-Transform exports) fail naming the op, not as an "inconsistent" model.
 */
class MissingKernelTest {
  @TempDir
  Path tmp;

  @Test
  void loadingAModelWithAnOpWithoutAKernelNamesTheOpAndTheNode() {
    Path dir = tmp.resolve("bucketized");
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1)));
      Output<?> bounds = tf.constant(new float[] {0f, 1f}).asOutput();
      Output<?> buckets = g.opBuilder("BoostedTreesBucketize", "bucketize", tf.scope())
          .addInputList(new Output<?>[] {x.asOutput()})
          .addInputList(new Output<?>[] {bounds})
          .setAttr("num_features", 1L).build().output(0);
      SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict",
          Map.of("x", x.asOutput()), Map.of("bucket", buckets)).write(dir);
    }

    SavedModelException e = assertThrows(SavedModelException.class, () -> SavedModels.load(dir));

    String message = e.getMessage();
    assertFalse(message.contains("\n"), message);
    assertTrue(message.contains("'BoostedTreesBucketize'"), message);
    assertTrue(message.contains("'bucketize'"), message);
    assertTrue(message.contains("fix: export the model without that op"), message);
    assertFalse(message.contains("inconsistent"), message);
  }
}
