package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.ImageFolders;
import dev.tftune.data.ImagePreparation;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportedModel;
import dev.tftune.export.ServingExporter;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.Evaluation;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export made through the Java API carries how its inputs were prepared, so the command
 * line prepares data for it the same way without being told.
 */
class JavaApiExportTest {
  private static final long[] INPUT = {TinyImageModel.SIZE, TinyImageModel.SIZE, 3};

  @TempDir
  Path tmp;

  @Test
  void anExportWithoutMetadataIsEvaluatedWithTheScalingItWasTrainedWith() throws Exception {
    Path folder = pictures("pictures", 10);
    // [0,255]: evaluated with the [0,1] default instead, every loss would differ
    ImageDataset data = ImageFitter.fit(read(folder), INPUT, Scaling.RAW);
    Path export;
    Evaluation inMemory;
    try (BaseModel base = SavedModels.load(TinyImageModel.write(tmp.resolve("model")))) {
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.01f)).epochs(3).build().fit(data);
      inMemory = model.evaluate(data);
      export = ServingExporter.builder(model).exportBase(tmp.resolve("export")).build()
          .export().directory();
    }
    try (ExportedModel exported = ExportedModel.load(export)) {
      assertEquals(new ImagePreparation(Scaling.RAW), exported.preparation());
    }
    Cli.Run r = Cli.run("evaluate", "--model", export.toString(), "--data", folder.toString(),
        "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(inMemory.loss(), json.get("loss").asDouble(), 1e-4, r.out());
    assertEquals(inMemory.accuracy(), json.get("accuracy").asDouble(), 1e-9, r.out());
  }

  @Test
  void anExportOfTensorsPreparedOutsideTftuneIsNotEvaluatedOnFilesWithAGuessedScaling()
      throws Exception {
    Path folder = pictures("pictures", 4);
    RawImages raw = read(folder);
    ImageDataset fitted = ImageFitter.fit(raw, INPUT, Scaling.UNIT);
    float[] values = new float[raw.count() * (int) (INPUT[0] * INPUT[1] * INPUT[2])];
    int[] labels = new int[raw.count()];
    for (int i = 0; i < raw.count(); i++) {
      labels[i] = fitted.label(i);
    }
    ImageDataset tensors = new ImageDataset(values, INPUT, labels, raw.classNames());
    Path export;
    try (BaseModel base = SavedModels.load(TinyImageModel.write(tmp.resolve("model")))) {
      TrainedModel model = FineTuner.builder().base(base).features("features").epochs(1)
          .build().fit(tensors);
      export = ServingExporter.builder(model).exportBase(tmp.resolve("export")).build()
          .export().directory();
    }
    Cli.Run r = Cli.run("evaluate", "--model", export.toString(), "--data", folder.toString());
    assertEquals(2, r.code(), r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.contains("records no image scaling"), last);
    assertTrue(last.contains("fix:"), last);
  }

  @Test
  void augmentedTrainingExportsAndPassesItsReloadCheck() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data",
        pictures("pictures", 8).toString(), "--augment", "flip,pad-crop=4,brightness=20",
        "--epochs", "2", "--export", tmp.resolve("export").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("reload max abs diff"), r.out());
  }

  @Test
  void aLibraryFixThatNamesASettingIsWordedWithTheFlag() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data",
        pictures("pictures", 4).toString(), "--unfreeze-top", "1", "--export",
        tmp.resolve("export").toString());
    assertEquals(2, r.code(), r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.endsWith("(fix: unfreeze variables by name with --train-vars REGEX)"), last);
  }

  /** Three colour classes of {@code perClass} pictures each. */
  private Path pictures(String name, int perClass) throws IOException {
    Path root = tmp.resolve(name);
    List<String> classes = List.of("blue", "green", "red");
    int[] channel = {2, 1, 0};
    for (int c = 0; c < classes.size(); c++) {
      Path dir = Files.createDirectories(root.resolve(classes.get(c)));
      for (int i = 0; i < perClass; i++) {
        ImageIO.write(TinyImageModel.picture(channel[c], 20, 100L * c + i), "png",
            dir.resolve("p" + i + ".png").toFile());
      }
    }
    return root;
  }

  private static RawImages read(Path folder) {
    return ImageFolders.reader().read(folder, INPUT).images();
  }
}
