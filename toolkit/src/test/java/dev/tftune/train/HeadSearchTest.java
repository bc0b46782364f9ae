package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.ConfigurationException;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.RecordingDataset;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A head search trains every candidate on one pass of the frozen base over the data. */
class HeadSearchTest {
  @TempDir
  Path tmp;

  private FineTuner tuner(BaseModel base) {
    return FineTuner.builder().base(base).features("features").optimizer(Optimizers.adam(1e-3f))
        .epochs(3).batchSize(8).validationSplit(0.25).logging(false).build();
  }

  @Test
  void everyCandidateAndTheFinalModelTrainOnOneBasePass() {
    RecordingDataset data = new RecordingDataset(TinyModels.separable(80, 4), i -> 1);
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      HeadSearch search = HeadSearch.over(tuner(base)).parse("lr=1e-3,3e-2 l2=0,1e-3 hidden=0,4")
          .build();
      HeadSearch.Result result = search.run(data);
      assertEquals(8, search.size());
      assertEquals(8, result.trials().size());
      int examplesRead = data.batches().stream().mapToInt(b -> b.length).sum();
      assertEquals(data.size(), examplesRead, "the base ran once over each example");
      HeadSearch.Trial best = result.trials().stream()
          .max(Comparator.comparingDouble(HeadSearch.Trial::score)).orElseThrow();
      assertEquals(best.score(), result.best().score());
      // the final run repeats the best candidate: same split, same seed, same features
      assertEquals(result.best().last().validationLoss(),
          result.model().history().last().validationLoss(), 1e-6);
      assertTrue(result.table().contains("* " + HeadSearch.plain(result.best().learningRate())), result.table());
    }
  }

  @Test
  void refitTrainsTheBestSettingsOnAllTheData() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      List<Integer> examplesPerEpoch = new ArrayList<>();
      FineTuner listened = tuner(base).toBuilder().listener(new TrainingListener() {
        @Override
        public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
          examplesPerEpoch.add(state.examplesInEpoch());
        }
      }).build();
      HeadSearch.Result result = HeadSearch.over(listened).parse("hidden=0,4").refit(true)
          .build().run(TinyModels.separable(80, 4));
      assertTrue(Double.isNaN(result.model().history().last().validationLoss()));
      // the run's listener sees the final run only (3 epochs), trained on all 80 examples
      assertEquals(List.of(80, 80, 80), examplesPerEpoch);
    }
  }

  @Test
  void classWeightingsAreADimensionOfTheGrid() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      HeadSearch.Result result = HeadSearch.over(tuner(base))
          .parse("weights=none,balanced,1:1:3").metric(EpochMetric.VAL_F1).build()
          .run(TinyModels.separable(80, 4));
      assertEquals(List.of("none", "balanced", "1:1:3"),
          result.trials().stream().map(t -> t.weights().spec()).toList());
      assertEquals(result.best().weights().spec(), result.trials().stream()
          .max(Comparator.comparingDouble(HeadSearch.Trial::score)).orElseThrow().weights()
          .spec());
    }
  }

  @Test
  void aSearchWithoutValidationIsRefusedWithTheFix() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner noValidation = tuner(base).toBuilder().validationSplit(0).build();
      var e = assertThrows(ConfigurationException.class,
          () -> HeadSearch.over(noValidation).auto().build().run(TinyModels.separable(20, 1)));
      assertTrue(e.getMessage().contains("validation split"), e.getMessage());
    }
  }

  @Test
  void anUnknownDimensionNamesTheOnesThatExist() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      var e = assertThrows(ConfigurationException.class,
          () -> HeadSearch.over(tuner(base)).parse("lr=1e-3 units=4"));
      assertTrue(e.getMessage().contains("hidden="), e.getMessage());
    }
  }
}
