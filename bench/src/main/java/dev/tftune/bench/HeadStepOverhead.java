package dev.tftune.bench;

import dev.tftune.data.Dataset;
import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.Scaling;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.FeatureExtractor;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The toolkit's framework overhead where it shows most: a small head trained on cached
 * features (ResNet-32's 64), whose steps take a fraction of a millisecond, against the same
 * steps written by hand on the same graph and session.
 */
final class HeadStepOverhead {
  private static final String RESNET = "savedmodels/tf1/resnet32-cifar10";
  private static final String FEATURES = "resnet_model/final_reduce_mean";
  private static final int BATCH = 32;
  private static final float RATE = 0.01f;

  private HeadStepOverhead() {}

  static void run(Report report, Path fixtures, boolean quick) {
    Path model = fixtures.resolve(RESNET);
    Path images = fixtures.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz");
    if (!Files.isDirectory(model) || !Files.isRegularFile(images)) {
      System.out.println("skipped the head step overhead: the ResNet-32 fixture or "
          + "Fashion-MNIST is absent");
      return;
    }
    // whole batches only: every step runs at the one measured shape
    int steps = quick ? 10 : 20;
    int epochs = quick ? 5 : 20;
    int rounds = quick ? 3 : 7;
    Dataset data = ImageFitter.fit(IdxFiles.read(images, steps * BATCH),
        new long[] {32, 32, 3}, Scaling.PER_IMAGE_STANDARDIZATION);
    int[] labels = new int[data.size()];
    Arrays.setAll(labels, data::label);
    SideBySide.Rounds measured;
    try (BaseModel base = SavedModels.load(model)) {
      float[] features = flat(FeatureExtractor.of(base, FEATURES).extract(data));
      // one uncounted round warms up first (the JIT, kernels at this shape)
      measured = SideBySide.run(1, rounds, () -> {
        // the hand-written loop trains on the raw features: the same math, no z-scoring
        TrainedModel tuner = FineTuner.builder().base(base).features(FEATURES)
            .head(DenseHead.builder().standardized(false).build())
            .optimizer(Optimizers.adam(RATE)).epochs(1 + epochs).batchSize(BATCH)
            .validationSplit(0).build().fit(data);
        return new SideBySide.Fit(tuner,
            SideBySide.perStepAfterFirstEpoch(tuner.history(), steps));
      }, tuner -> new HandWrittenLoop(base.session(), tuner, RATE)
          .onFeatures(features, labels, BATCH, epochs) / (epochs * steps), round -> { });
    }
    double t = measured.toolkitMedian() * 1e3;
    double h = measured.handMedian() * 1e3;
    // the median of rounds, each the mean of its steps
    report.figure("small head on cached features: toolkit ms/step (" + rounds + " x "
        + epochs * steps + ")", String.format("%.3f", t), "");
    report.figure("  hand-written TF Java loop: ms/step", String.format("%.3f", h), "");
    report.figure("  per-step overhead (toolkit - hand-written): ms",
        String.format("%.3f", t - h), "< 0.2");
    report.figure("  toolkit / hand-written", String.format("%.2f", t / h), "context");
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
