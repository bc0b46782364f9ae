package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.ConfigurationException;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Settings out of range are refused where they are set, with one type and a fix. */
class BuilderValidationTest {

  @Test
  void theTunersSettingsAreCheckedWhenSet() {
    refused(() -> FineTuner.builder().epochs(0), "train at least 1 epoch");
    refused(() -> FineTuner.builder().batchSize(0), "at least 1 example");
    refused(() -> FineTuner.builder().validationSplit(1), "[0, 1)");
    refused(() -> FineTuner.builder().baseLearningRate(0), "positive rate");
    refused(() -> FineTuner.builder().clipGlobalNorm(-1), "positive norm");
  }

  @Test
  void headAndOptimizerSettingsAreCheckedWhenSet() {
    refused(() -> DenseHead.builder().dropout(1), "[0, 1)");
    refused(() -> DenseHead.builder().hiddenUnits(8, 0), "at least 1 unit");
    refused(() -> Optimizers.adam(0), "positive learning rate");
    refused(() -> Optimizers.momentum(0.1f, 1f, false), "[0, 1)");
  }

  private static void refused(Executable setting, String fix) {
    ConfigurationException e = assertThrows(ConfigurationException.class, setting);
    assertTrue(e.fix().contains(fix), e.getMessage());
  }
}
