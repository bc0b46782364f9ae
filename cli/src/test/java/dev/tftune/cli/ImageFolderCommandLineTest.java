package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image classifiers from a folder per class, as users keep their pictures. */
class ImageFolderCommandLineTest {
  private static final List<String> CLASSES = List.of("blue", "green", "red");

  @TempDir
  Path tmp;

  /** 3 classes of 12 pictures, plus a corrupt file, a text file and an empty class. */
  private Path folder() throws IOException {
    Path root = tmp.resolve("pictures");
    int[] channel = {2, 1, 0};
    for (int c = 0; c < CLASSES.size(); c++) {
      Path dir = Files.createDirectories(root.resolve(CLASSES.get(c)));
      for (int i = 0; i < 12; i++) {
        String format = i % 2 == 0 ? "png" : "jpg";
        ImageIO.write(TinyImageModel.picture(channel[c], 20, 100L * c + i), format,
            dir.resolve("p" + i + "." + format).toFile());
      }
    }
    Files.writeString(root.resolve("red").resolve("broken.jpg"), "not a picture");
    Files.writeString(root.resolve("green").resolve("notes.txt"), "taken on Tuesday");
    Files.createDirectories(root.resolve("zebra"));
    return root;
  }

  @Test
  void aFolderWithACorruptFileAnEmptyClassAndATextFileTrainsWithWarnings() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", folder().toString(),
        "--epochs", "5", "--lr", "0.05", "--export", tmp.resolve("export").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("broken.jpg"), r.err());
    assertTrue(r.err().contains("notes.txt"), r.err());
    assertTrue(r.err().contains("zebra"), r.err());
    assertTrue(r.err().contains("36 images"), r.err());
  }

  @Test
  void choosingWhatTrainsTwoWaysAtOnceIsOneLineWithTheFix() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", folder().toString(),
        "--train-vars", "kernel", "--unfreeze-top", "1", "--export",
        tmp.resolve("export").toString());
    assertEquals(2, r.code(), r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertEquals("error: --train-vars and --unfreeze-top both choose what trains "
        + "(fix: pass one of them)", last);
  }

  @Test
  void predictOnAnImageFileAgreesWithServingDefault() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", folder().toString(),
        "--epochs", "20", "--lr", "0.05", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    Path jpeg = tmp.resolve("new.jpg");
    ImageIO.write(TinyImageModel.picture(1, 30, 7), "jpg", jpeg.toFile());
    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--image",
        jpeg.toString());
    assertEquals(0, p.code(), p.err());
    String line = p.out().strip();
    assertTrue(line.contains("\tgreen\t"), line);
    assertTrue(line.endsWith("serving_default: green"), line);
  }

  @Test
  void earlyStoppingEndsTheRunWhenTheMetricStopsImproving() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    // nothing beats a minimum improvement this large: epoch 2 is the last
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", folder().toString(),
        "--epochs", "10", "--early-stopping", "loss", "--patience", "1", "--min-delta", "1e9",
        "--export", tmp.resolve("export").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("early stopping: loss has not improved"), r.err());
    assertTrue(r.out().contains("trained: epoch 2:"), r.out());
  }

  @Test
  void earlyStoppingOnAValidationMetricWithoutValidationDataIsOneLineWithTheFix()
      throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", folder().toString(),
        "--validation-split", "0", "--early-stopping", "val_loss", "--export",
        tmp.resolve("export").toString());
    assertEquals(2, r.code(), r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("error: early stopping follows val_loss, but the run has no "
        + "validation data (fix: "), last);
  }
}
