package dev.tftune.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.EventFiles;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with a run folder's listeners leaves its metrics, events, plots and checkpoints. */
class RunFolderTest {
  private static final int EPOCHS = 3;
  /** 90 examples less a tenth for validation, in batches of 9. */
  private static final int STEPS_PER_EPOCH = 9;

  @TempDir
  static Path tmp;
  static RunFolder run;
  static TrainedModel model;
  static List<Double> validationLosses;

  @BeforeAll
  static void train() {
    run = RunFolder.create(tmp.resolve("run"));
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner.Builder tuner = FineTuner.builder().base(base).features("features")
          .epochs(EPOCHS).batchSize(9);
      run.listeners(4, 0, null).forEach(tuner::listener);
      model = tuner.build().fit(TinyModels.separable(90, 3));
      validationLosses = model.history().epochs().stream().map(e -> e.validationLoss())
          .toList();
      TrainingPlots.confusion(model.evaluate(TinyModels.separable(30, 4)).metrics(), "test",
          run.confusion());
    }
  }

  @Test
  void metricsCsvHasARowPerEpochAndEveryFourSteps() {
    List<MetricsCsv.Row> rows = MetricsCsv.read(run.metrics());
    List<MetricsCsv.Row> epochs = rows.stream().filter(r -> r.kind().equals("epoch")).toList();
    assertEquals(EPOCHS, epochs.size());
    assertEquals(EPOCHS * STEPS_PER_EPOCH / 4, rows.size() - EPOCHS);
    for (int e = 0; e < EPOCHS; e++) {
      assertEquals(e + 1, epochs.get(e).epoch());
      assertEquals((long) (e + 1) * STEPS_PER_EPOCH, epochs.get(e).step());
      assertEquals(validationLosses.get(e), epochs.get(e).valLoss(), 0);
    }
  }

  @Test
  void tensorBoardEventFilesReadBackWithTheEpochCurves() throws Exception {
    Map<String, List<double[]>> scalars = EventFiles.scalars(run.tensorboard());
    List<double[]> valLoss = scalars.get("epoch/val_loss");
    assertEquals(EPOCHS, valLoss.size(), "tags: " + scalars.keySet());
    for (int e = 0; e < EPOCHS; e++) {
      assertEquals((e + 1) * STEPS_PER_EPOCH, valLoss.get(e)[0]);
      assertEquals(validationLosses.get(e), valLoss.get(e)[1], 1e-6);
    }
    assertTrue(scalars.keySet().containsAll(List.of("epoch/loss", "epoch/accuracy",
        "epoch/val_accuracy", "epoch/learning_rate", "step/loss", "step/learning_rate")));
  }

  @Test
  void curvesAndConfusionArePngImages() throws Exception {
    for (Path png : List.of(run.curves(), run.confusion())) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertTrue(image != null && image.getWidth() >= 600, png + " is a drawn PNG");
    }
  }

  @Test
  void lastAndBestCheckpointsAreWritten() {
    for (Path dir : List.of(run.lastCheckpoint(), run.bestCheckpoint())) {
      assertTrue(Files.isRegularFile(dir.resolve("state.json")), dir.toString());
      assertTrue(Files.isRegularFile(dir.resolve("variables.index")), dir.toString());
    }
    assertArrayEquals(new String[0], leftovers(), "no temporary folders are left");
  }

  private static String[] leftovers() {
    try (var s = Files.list(run.checkpoints())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
          .toArray(String[]::new);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
