package dev.tftune.examples;

import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModelWriter;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.Evaluation;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The baseline transfer must beat: a softmax (linear head) trained on the raw pixels, through
 * the same trainer, with an identity "model" whose features are its input.
 *
 * <pre>
 * java -cp ... dev.tftune.examples.RawPixelBaseline TRAIN_IMAGES TEST_IMAGES LIMIT EPOCHS LR
 * </pre>
 */
public final class RawPixelBaseline {
  private RawPixelBaseline() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: RawPixelBaseline TRAIN_IMAGES TEST_IMAGES LIMIT EPOCHS LR");
      System.exit(2);
    }
    RawImages train = IdxFiles.read(Path.of(args[0]), Integer.parseInt(args[2]));
    RawImages test = IdxFiles.read(Path.of(args[1]), 0);
    long[] shape = {train.height(), train.width(), train.channels()};
    ImageDataset trainData = ImageFitter.fit(train, shape, Scaling.UNIT);
    ImageDataset testData = ImageFitter.fit(test, shape, Scaling.UNIT);
    Path dir = Files.createTempDirectory("tftune-identity-").resolve("model");
    writeIdentity(dir, shape);
    try (BaseModel identity = SavedModels.load(dir)) {
      TrainedModel tuner = FineTuner.builder().base(identity).features("pixels")
          .optimizer(Optimizers.adam(Float.parseFloat(args[4])))
          .epochs(Integer.parseInt(args[3])).validationSplit(0).build().fit(trainData);
      Evaluation e = tuner.evaluate(testData);
      System.out.printf("softmax on raw pixels: test accuracy %.4f on %d images%n",
          e.accuracy(), e.count());
    }
  }

  /** A SavedModel whose signature returns its input, flattened: the pixels as features. */
  private static void writeIdentity(Path dir, long[] shape) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, shape[0], shape[1], shape[2])));
      Output<TFloat32> pixels = tf.withName("pixels").reshape(x,
          tf.constant(new long[] {-1, shape[0] * shape[1] * shape[2]})).asOutput();
      SavedModelWriter.of(s).signature("serving_default", "tensorflow/serving/predict",
          Map.of("image", x.asOutput()), Map.of("pixels", pixels)).write(dir);
    }
  }
}
