package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.TftuneException;
import dev.tftune.data.Augmentation;
import dev.tftune.data.AugmentedImages;
import dev.tftune.data.Dataset;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImagePreparation;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.data.TensorInputs;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fit returns: a model that predicts, evaluates and says how it was made. */
class TrainedModelTest {
  private static final int SIZE = 8;

  @TempDir
  Path tmp;

  @Test
  void fitWithValidationDataValidatesOnItAndTrainsOnEveryTrainingExample() {
    Dataset train = TinyModels.separable(60, 1);
    Dataset validation = TinyModels.separable(30, 2);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.05f)).epochs(3).build().fit(train, validation);
      EpochMetrics last = model.history().last();
      assertEquals(model.evaluate(validation).accuracy(), last.validationAccuracy(), 1e-6,
          "the last epoch's validation is the trained model's accuracy on the validation data");
      assertEquals(90, model.history().baseExamplesRun(),
          "features computed once for the 60 training and the 30 validation examples");
    }
  }

  @Test
  void validationDataWithOtherClassesIsRefused() {
    Dataset train = TinyModels.separable(20, 1);
    Dataset other = new ImageDataset(new float[4 * TinyModels.INPUTS],
        new long[] {TinyModels.INPUTS}, new int[4], List.of("x", "y", "z"));
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner tuner = FineTuner.builder().base(base).features("features").epochs(1).build();
      TftuneException e = assertThrows(TftuneException.class, () -> tuner.fit(train, other));
      assertTrue(e.getMessage().contains("differ from the training data's"), e.getMessage());
    }
  }

  @Test
  void predictionsOfAugmentedDataAreThoseOfItsPlainImages() {
    AugmentedImages data = new AugmentedImages(images(24), new long[] {SIZE, SIZE, 3},
        Scaling.UNIT, Augmentation.none().withHorizontalFlip(true).withBrightness(40));
    try (BaseModel base = SavedModels.load(TinyModels.writeImage(tmp.resolve("m"), SIZE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features").epochs(1)
          .build().fit(data);
      float[][] first = model.predict(data);
      float[][] second = model.predict(data);
      float[][] plain = model.predict(data.plain());
      for (int i = 0; i < first.length; i++) {
        assertArrayEquals(first[i], second[i], "example " + i + " twice");
        assertArrayEquals(plain[i], first[i], "example " + i + " without augmentation");
      }
    }
  }

  @Test
  void theModelRecordsHowItsTrainingDataWasPrepared() {
    AugmentedImages data = new AugmentedImages(images(12), new long[] {SIZE, SIZE, 3},
        Scaling.TORCH, Augmentation.none());
    try (BaseModel base = SavedModels.load(TinyModels.writeImage(tmp.resolve("m"), SIZE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features").epochs(1)
          .build().fit(data);
      assertEquals(new ImagePreparation(Scaling.TORCH), model.preparation());
    }
  }

  @Test
  void tensorsTheCallerPreparedAreRecordedAsSuch() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features").epochs(1)
          .build().fit(TinyModels.separable(10, 1));
      assertEquals(new TensorInputs(), model.preparation());
    }
  }

  @Test
  void theOptimizersStateVariablesAreVisible() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .plan(TrainingPlan.matching("base/hidden/kernel")).optimizer(Optimizers.adam(0.01f))
          .epochs(1).build().fit(TinyModels.separable(10, 1));
      // Adam keeps two moments per trained variable: head kernel and bias, one base kernel
      assertEquals(6, model.optimizerSlots().size(), model.optimizerSlots().toString());
      assertFalse(model.optimizerSlots().stream().anyMatch(
          model.trainedBaseVariables()::contains));
    }
  }

  @Test
  void eachFitTrainsANewHead() {
    Dataset data = TinyModels.separable(40, 3);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner tuner = FineTuner.builder().base(base).features("features").epochs(2).build();
      TrainedModel first = tuner.fit(data);
      TrainedModel second = tuner.fit(data);
      assertEquals(first.history().last().loss(), second.history().last().loss(), 1e-6,
          "the same seed and data train the same head again");
      assertArrayEquals(first.predict(data)[0], second.predict(data)[0], 1e-6f);
    }
  }

  private static RawImages images(int n) {
    return TinyModels.randomImages(n, SIZE);
  }
}
