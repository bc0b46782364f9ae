package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.TftuneException;
import dev.tftune.data.NumericExamples;
import dev.tftune.data.NumericTable;
import dev.tftune.data.TableColumns;
import dev.tftune.data.TextTable;
import dev.tftune.metrics.RegressionMetrics;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Regression heads: numeric targets, MSE / MAE / Huber losses, MAE / RMSE / R² metrics. */
class RegressionTest {
  @TempDir
  Path tmp;

  /** y = 2 a0 - b1 + 30 and z = a1 + 0.5 b0 - 5, plus a little noise. */
  private NumericExamples data(int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("a0,a1,a2,b0,b1,y,z\n");
    for (int i = 0; i < n; i++) {
      double[] v = new double[5];
      for (int k = 0; k < 5; k++) {
        v[k] = r.nextGaussian();
      }
      double y = 2 * v[0] - v[4] + 30 + 0.05 * r.nextGaussian();
      double z = v[1] + 0.5 * v[3] - 5 + 0.05 * r.nextGaussian();
      s.append(String.format("%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", v[0], v[1], v[2], v[3],
          v[4], y, z));
    }
    Path file = Files.writeString(tmp.resolve("d" + seed + ".csv"), s);
    return NumericTable.read(TextTable.read(file), TableColumns.parse(List.of("a=a0..a2",
        "b=b0..b1"), null).withTargets(List.of("y", "z")), Map.of(
        "a", new NumericExamples.Input(new long[] {3}, "float32"),
        "b", new NumericExamples.Input(new long[] {2}, "float32")), null, 0);
  }

  @ParameterizedTest
  @EnumSource(RegressionLoss.class)
  void eachLossFitsALinearTargetOnHeldOutRows(RegressionLoss loss) throws IOException {
    try (BaseModel base = SavedModels.load(TinyModels.writeTwoInputs(tmp.resolve("m")))) {
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .objective(Objective.regression(loss)).optimizer(Optimizers.adam(0.05f)).epochs(40)
          .batchSize(16).build().fit(data(400, 1));
      RegressionMetrics m = model.evaluateRegression(data(200, 2));
      assertTrue(m.r2() > 0.95, loss + ": R² " + m.r2());
      assertTrue(model.regression());
      EpochMetrics last = model.history().last();
      assertFalse(Double.isNaN(last.validationR2()), last.toString());
      assertTrue(Double.isNaN(last.accuracy()), "no accuracy for a regression: " + last);
      assertTrue(last.toString().contains("val_mae") && !last.toString().contains("accuracy"),
          last.toString());
    }
  }

  @Test
  void aRunFoldersMetricsAndTensorBoardCarryTheRegressionCurves() throws Exception {
    dev.tftune.run.RunFolder run = dev.tftune.run.RunFolder.create(tmp.resolve("run"));
    TrainedModel model;
    try (BaseModel base = SavedModels.load(TinyModels.writeTwoInputs(tmp.resolve("m")))) {
      FineTuner.Builder tuner = FineTuner.builder().base(base).features("features")
          .objective(Objective.regression(RegressionLoss.MSE))
          .optimizer(Optimizers.adam(0.05f)).epochs(3).batchSize(16);
      run.listeners(0, 0, null).forEach(tuner::listener);
      model = tuner.build().fit(data(100, 5));
    }
    List<dev.tftune.run.MetricsCsv.Row> rows = dev.tftune.run.MetricsCsv.read(run.metrics());
    assertEquals(3, rows.size());
    for (int e = 0; e < 3; e++) {
      EpochMetrics m = model.history().epochs().get(e);
      assertEquals(m.validationMae(), rows.get(e).valMae(), 0);
      assertEquals(m.validationRmse(), rows.get(e).valRmse(), 0);
      assertEquals(m.validationR2(), rows.get(e).valR2(), 0);
    }
    Map<String, List<double[]>> scalars =
        dev.tftune.testing.EventFiles.scalars(run.tensorboard());
    assertTrue(scalars.keySet().containsAll(List.of("epoch/val_mae", "epoch/val_rmse",
        "epoch/val_r2")), scalars.keySet().toString());
    assertFalse(scalars.containsKey("epoch/val_accuracy"), scalars.keySet().toString());
    assertEquals(model.history().last().validationR2(), scalars.get("epoch/val_r2").get(2)[1],
        1e-6);
  }

  @Test
  void theOutputBiasesStartAtTheTrainingTargetsMeans() throws IOException {
    NumericExamples train = data(100, 3);
    float[] mean = new float[2];
    for (int i = 0; i < train.size(); i++) {
      mean[0] += train.targets(i)[0] / train.size();
      mean[1] += train.targets(i)[1] / train.size();
    }
    float[][] seen = new float[1][];
    try (BaseModel base = SavedModels.load(TinyModels.writeTwoInputs(tmp.resolve("m")))) {
      FineTuner.builder().base(base).features("features")
          .objective(Objective.regression(RegressionLoss.MSE)).optimizer(Optimizers.sgd(0.01f))
          .epochs(1).validationSplit(0).listener(new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingState state) {
              seen[0] = VariableValues.resource(base, "tftune/head/logits/bias");
            }
          }).build().fit(train);
    }
    assertArrayEquals(mean, seen[0], 1e-4f);
  }

  @Test
  void aClassifierOnDataWithTargetsFailsWithTheFix() throws IOException {
    NumericExamples train = data(20, 4);
    try (BaseModel base = SavedModels.load(TinyModels.writeTwoInputs(tmp.resolve("m")))) {
      TftuneException e = assertThrows(TftuneException.class, () -> FineTuner.builder()
          .base(base).features("features").epochs(1).build().fit(train));
      assertTrue(e.getMessage().contains("regression"), e.getMessage());
    }
  }

  @Test
  void lossNamesParseAsKerasSpellsThem() {
    assertEquals(RegressionLoss.HUBER, RegressionLoss.parse("Huber"));
    assertThrows(dev.tftune.ConfigurationException.class, () -> RegressionLoss.parse("l3"));
  }
}
