package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping stops a run whose validation loss turned bad, and the best checkpoint gives
 * back the weights of the best epoch: restored, they score that epoch's validation loss.
 */
class RestoreBestTest {
  @TempDir
  Path tmp;

  @Test
  void theBestCheckpointRestoresTheBestEpochsWeights() {
    Dataset train = TinyModels.separable(40, 1);
    Dataset validation = TinyModels.separable(40, 2);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      Checkpointing checkpoints = Checkpointing.into(tmp.resolve("checkpoints"));
      EarlyStopping stop = EarlyStopping.on("val_loss").patience(2);
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.sgd(1f)).epochs(30).batchSize(4).listener(stop)
          .listener(checkpoints).build().fit(train, validation);
      List<EpochMetrics> epochs = model.history().epochs();
      EpochMetrics best = epochs.stream()
          .min(Comparator.comparingDouble(EpochMetrics::validationLoss)).orElseThrow();
      assertEquals(best.epoch() + 2, epochs.size(), "stopped 2 epochs after the best");
      assertTrue(best.epoch() < epochs.size(), "the last epoch is not the best");
      model.restoreCheckpoint(checkpoints.best());
      assertEquals(best.validationLoss(), model.evaluate(validation).loss(), 1e-5);
      assertEquals(best.epoch(), stop.bestEpoch());
    }
  }
}
