package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners see every stage of a run and can stop it without an exception. */
class TrainingListenerTest {
  @TempDir
  Path tmp;

  /** Writes down each call. */
  private static class Recorder implements TrainingListener {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onTrainingBegin(TrainingState s) {
      calls.add("begin " + s.totalSteps());
    }

    @Override
    public void onEpochBegin(TrainingState s) {
      calls.add("epoch " + s.epoch());
    }

    @Override
    public void onStepEnd(TrainingState s) {
      calls.add("step " + s.step() + " (" + s.batch() + "/" + s.batchesPerEpoch() + ")");
    }

    @Override
    public void onEpochEnd(TrainingState s, EpochMetrics m) {
      calls.add("end epoch " + m.epoch());
    }

    @Override
    public void onTrainingEnd(TrainingState s, TrainingHistory h) {
      calls.add("end " + h.epochs().size());
    }
  }

  @Test
  void aListenerSeesTheRunBeginEachEpochEachStepAndTheEnd() {
    Recorder r = new Recorder();
    TrainingHistory h = fit(FineTuner.builder().epochs(2).batchSize(10).listener(r), 20);
    assertEquals(List.of("begin 4", "epoch 1", "step 1 (1/2)", "step 2 (2/2)", "end epoch 1",
        "epoch 2", "step 3 (1/2)", "step 4 (2/2)", "end epoch 2", "end 2"), r.calls);
    assertEquals(2, h.epochs().size());
  }

  @Test
  void aListenerStopsTheRunAfterAStepWithoutAnException() {
    Recorder r = new Recorder() {
      @Override
      public void onStepEnd(TrainingState s) {
        super.onStepEnd(s);
        if (s.step() == 3) {
          s.stopTraining();
        }
      }
    };
    TrainingHistory h = fit(FineTuner.builder().epochs(5).batchSize(10).listener(r), 20);
    assertEquals(List.of("begin 10", "epoch 1", "step 1 (1/2)", "step 2 (2/2)", "end epoch 1",
        "epoch 2", "step 3 (1/2)", "end epoch 2", "end 2"), r.calls);
    assertEquals(2, h.epochs().size(), "the stopped epoch is reported with what it saw");
    assertTrue(h.last().loss() > 0, "metrics of the half epoch: " + h.last());
  }

  @Test
  void earlyStoppingIsAListenerThatStopsAtAnEpochsEnd() {
    List<Double> seen = new ArrayList<>();
    TrainingListener stopAfterTwo = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingState s, EpochMetrics m) {
        seen.add(s.epochLoss());
        if (s.history().size() == 2) {
          s.stopTraining();
        }
      }
    };
    TrainingHistory h = fit(FineTuner.builder().epochs(10).listener(stopAfterTwo), 40);
    assertEquals(2, h.epochs().size());
    assertEquals(h.epochs().get(1).loss(), seen.get(1), 1e-12,
        "the state's epoch figures are the history's");
  }

  @Test
  void listenersDoNotChangeWhatTrainingComputes() {
    TrainingHistory plain = fit(FineTuner.builder().epochs(3), 40);
    TrainingHistory listened = fit(FineTuner.builder().epochs(3).logging(false)
        .listener(new Recorder()), 40);
    for (int e = 0; e < 3; e++) {
      assertEquals(plain.epochs().get(e).loss(), listened.epochs().get(e).loss(), 0.0);
    }
  }

  @Test
  void aFailingRunTellsEveryListenerBeforeTheExceptionReachesTheCaller() {
    IllegalStateException broken = new IllegalStateException("disk full");
    List<RuntimeException> told = new ArrayList<>();
    TrainingListener failing = new TrainingListener() {
      @Override
      public void onStepEnd(TrainingState s) {
        if (s.step() == 2) {
          throw broken;
        }
      }
    };
    TrainingListener watcher = new TrainingListener() {
      @Override
      public void onTrainingFailed(TrainingState s, RuntimeException failure) {
        told.add(failure);
      }
    };
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> fit(FineTuner.builder().epochs(2).listener(failing).listener(watcher), 40));
    assertSame(broken, thrown);
    assertEquals(List.of(broken), told);
  }

  private TrainingHistory fit(FineTuner.Builder builder, int examples) {
    Dataset data = TinyModels.separable(examples, 4);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m" + System.nanoTime()),
        VariableKind.RESOURCE))) {
      return builder.base(base).features("features").optimizer(Optimizers.adam(0.01f))
          .validationSplit(0).build().fit(data).history();
    }
  }
}
