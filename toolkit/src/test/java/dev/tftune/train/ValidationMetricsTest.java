package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.metrics.ClassificationMetrics;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each epoch's validation also yields macro F1 (and AUC for two classes), for --metric. */
class ValidationMetricsTest {
  @TempDir
  Path tmp;

  @Test
  void theEpochsValidationF1IsTheModelsF1OnTheValidationData() {
    Dataset train = TinyModels.separable(90, 1);
    Dataset validation = TinyModels.separable(45, 2);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      Checkpointing checkpoints = Checkpointing.into(tmp.resolve("c")).best("val_f1");
      TrainedModel model = FineTuner.builder().base(base).features("features").epochs(3)
          .batchSize(16).listener(checkpoints).build().fit(train, validation);
      EpochMetrics last = model.history().last();
      ClassificationMetrics m = model.evaluate(validation).metrics();
      assertEquals(m.macroF1(), last.validationMacroF1(), 1e-12);
      assertTrue(m.macroF1() > 0.3, "it learned something: " + m.macroF1());
      assertTrue(Double.isNaN(last.validationAuc()), "AUC is for two classes");
      assertEquals(EpochMetric.VAL_F1, checkpoints.followed());
    }
  }
}
