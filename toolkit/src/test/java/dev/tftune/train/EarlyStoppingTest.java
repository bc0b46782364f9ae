package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping decided from epoch metrics alone, as Keras' callback decides it. */
class EarlyStoppingTest {

  /** The epoch after which the listener asked to stop, or 0 when it never did. */
  private static int stopsAfter(EarlyStopping listener, boolean validation, double... values) {
    TrainingState state = new TrainingState(values.length, 1, validation, new ArrayList<>());
    listener.onTrainingBegin(state);
    for (int e = 0; e < values.length; e++) {
      double v = values[e];
      EpochMetrics m = validation ? new EpochMetrics(e + 1, 1, 0.5, v, v, 0)
          : new EpochMetrics(e + 1, v, v, Double.NaN, Double.NaN, 0);
      listener.onEpochEnd(state, m);
      if (state.stopRequested()) {
        return e + 1;
      }
    }
    return 0;
  }

  @Test
  void aLossThatStopsImprovingForPatienceEpochsStopsTheRun() {
    EarlyStopping es = EarlyStopping.on("val_loss").patience(2);
    assertEquals(4, stopsAfter(es, true, 1.0, 0.8, 0.85, 0.82, 0.7));
    assertEquals(2, es.bestEpoch());
    assertEquals(0.8, es.best(), 0.0);
  }

  @Test
  void anImprovementResetsThePatience() {
    assertEquals(0, stopsAfter(EarlyStopping.on("val_loss").patience(2), true,
        1.0, 1.1, 0.9, 1.0, 0.8));
  }

  @Test
  void improvementsSmallerThanMinDeltaDoNotCount() {
    assertEquals(3, stopsAfter(EarlyStopping.on("val_loss").patience(2).minDelta(0.02), true,
        1.0, 0.99, 0.985));
  }

  @Test
  void accuraciesMustRise() {
    assertEquals(3, stopsAfter(EarlyStopping.on("val_accuracy").patience(1), true,
        0.5, 0.6, 0.6));
    assertEquals(0, stopsAfter(EarlyStopping.on("accuracy").patience(1), false,
        0.5, 0.6, 0.7));
  }

  @Test
  void aValidationMetricWithoutValidationDataIsAOneLineError() {
    TftuneException e = assertThrows(TftuneException.class,
        () -> stopsAfter(EarlyStopping.on("val_loss"), false, 1.0));
    assertTrue(e.getMessage().contains("no validation data"), e.getMessage());
  }

  @Test
  void unknownMetricsAndPatiencesBelowOneAreRefused() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> EarlyStopping.on("val_f2"));
    assertTrue(e.fix().contains("val_loss"), e.fix());
    assertThrows(ConfigurationException.class, () -> EarlyStopping.on("loss").patience(0));
  }

  @Test
  void theSameListenerStartsAfreshInEachRun() {
    EarlyStopping es = EarlyStopping.on("loss").patience(1);
    assertEquals(2, stopsAfter(es, false, 0.5, 0.6));
    assertFalse(stopsAfter(es, false, 0.9, 0.8) != 0, "the earlier run's best does not carry");
  }

  @TempDir
  Path tmp;

  @Test
  void aRunFollowedByEarlyStoppingEndsWhenItSaysSo() {
    // no improvement can beat a minimum delta this large: the run stops after epoch 2
    EarlyStopping es = EarlyStopping.on("loss").patience(1).minDelta(1e9);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainingHistory h = FineTuner.builder().base(base).features("features").epochs(10)
          .validationSplit(0).listener(es).build().fit(TinyModels.separable(30, 2)).history();
      assertEquals(2, h.epochs().size());
      assertEquals(1, es.bestEpoch());
    }
  }
}
