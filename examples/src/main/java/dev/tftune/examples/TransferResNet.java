package dev.tftune.examples;

import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ServingExporter;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.Evaluation;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingPlan;
import java.nio.file.Path;

/**
 * The Java API end to end: a CIFAR-10 ResNet-32 transferred to Fashion-MNIST with its last
 * residual block unfrozen, evaluated, and exported for TF Serving.
 *
 * <pre>
 * java -cp ... dev.tftune.examples.TransferResNet MODEL_DIR TRAIN_IMAGES TEST_IMAGES EXPORT_BASE
 * </pre>
 */
public final class TransferResNet {
  private TransferResNet() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: TransferResNet MODEL_DIR TRAIN_IMAGES TEST_IMAGES EXPORT_BASE");
      System.exit(2);
    }
    long[] input = {32, 32, 3};
    Scaling scaling = Scaling.PER_IMAGE_STANDARDIZATION;
    ImageDataset train = ImageFitter.fit(IdxFiles.read(Path.of(args[1]), 2000), input, scaling);
    ImageDataset test = ImageFitter.fit(IdxFiles.read(Path.of(args[2]), 1000), input, scaling);
    try (BaseModel base = SavedModels.load(Path.of(args[0]))) {
      TrainedModel tuner = FineTuner.builder()
          .base(base)
          .features("resnet_model/final_reduce_mean")
          .plan(TrainingPlan.matching("conv2d_3[23]/kernel",
              "batch_normalization_(28|29|30)/(gamma|beta)"))
          .optimizer(Optimizers.adam(1e-3f))
          .epochs(3)
          .build().fit(train);
      Evaluation eval = tuner.evaluate(test);
      System.out.printf("test accuracy %.4f on %d images%n", eval.accuracy(), eval.count());
      ExportResult export = ServingExporter.builder(tuner)
          .exportBase(Path.of(args[3]))
          .verifyWith(test)
          .build()
          .export();
      System.out.println("exported to " + export.directory());
    }
  }
}
