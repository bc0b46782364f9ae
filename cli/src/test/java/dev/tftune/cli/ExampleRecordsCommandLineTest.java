package dev.tftune.cli;

import static dev.tftune.testing.Examples.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.TfRecords;
import dev.tftune.testing.Examples;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose signature parses tf.Example trains, evaluates and predicts from TFRecords. */
class ExampleRecordsCommandLineTest {
  @TempDir
  Path tmp;

  private enum Label { CLASS, PRICE, NONE }

  /**
   * Records with a float feature x of 4 values; class "up" when x0 + x3 > 0 (kept 0.3 away
   * from the boundary), or price = 100 + 20 x0 - 10 x3 plus noise.
   */
  private Path records(String name, int n, long seed, Label label) throws IOException {
    Random r = new Random(seed);
    List<byte[]> records = new ArrayList<>();
    while (records.size() < n) {
      float[] x = new float[4];
      for (int i = 0; i < 4; i++) {
        x[i] = (float) r.nextGaussian();
      }
      double score = x[0] + x[3];
      if (Math.abs(score) < 0.3) {
        continue;
      }
      Examples e = example().floats("x", x);
      if (label == Label.CLASS) {
        e.text("label", score > 0 ? "up" : "down");
      } else if (label == Label.PRICE) {
        e.floats("price", (float) (100 + 20 * x[0] - 10 * x[3] + r.nextGaussian()));
      }
      records.add(e.bytes());
    }
    Path file = tmp.resolve(name);
    TfRecords.write(file, records);
    return file;
  }

  private static double metric(String name, String out) {
    Matcher m = Pattern.compile(name + " +(-?\\d\\.\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aClassifierTrainsFromRecordsAndEvaluatesOnGzippedRecords() throws IOException {
    Path model = TinyModels.writeExampleParser(tmp.resolve("model"));
    Cli.Run inspect = Cli.run("inspect", model.toString());
    assertEquals(0, inspect.code(), inspect.err());

    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        records("train.tfrecord", 300, 1, Label.CLASS).toString(), "--epochs", "30",
        "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("300 examples from") && t.err().contains("into input examples")
        && t.err().contains("classes [down, up]"), t.err());
    assertTrue(t.out().contains("{\"b64\": \"<base64 of the bytes, e.g. a serialized "
        + "tf.Example>\"}"), "the TF Serving hint says how to send the bytes: " + t.out());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        records("test.tfrecord.gz", 200, 2, Label.CLASS).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(metric("accuracy", e.out()) >= 0.95, e.out());

    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--data",
        records("new.tfrecord", 5, 3, Label.NONE).toString());
    assertEquals(0, p.code(), p.err());
    assertEquals(5, p.out().strip().lines().count(), p.out());
    assertTrue(p.out().lines().allMatch(l -> l.matches("\\d\t(up|down)\t[01]\\.\\d{4}")),
        p.out());
  }

  @Test
  void aTargetFeatureTrainsARegressionHead() throws IOException {
    Path model = TinyModels.writeExampleParser(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        records("train.tfrecord", 400, 1, Label.PRICE).toString(), "--target", "price",
        "--epochs", "40", "--export", export.toString());
    assertEquals(0, t.code(), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        records("test.tfrecord", 200, 2, Label.PRICE).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(metric("r2", e.out()) > 0.95, e.out());
  }

  @Test
  void evaluateReadsTheClassFromTheFeatureItIsTold() throws IOException {
    Path model = TinyModels.writeExampleParser(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    assertEquals(0, Cli.run("train", "--model", model.toString(), "--data",
        records("train.tfrecord", 100, 1, Label.CLASS).toString(), "--epochs", "5",
        "--export", export.toString()).code());
    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        records("test.tfrecord", 20, 2, Label.CLASS).toString(), "--label-feature", "tag");
    assertEquals(2, e.code(), e.err());
    assertTrue(e.err().contains("has no feature 'tag'"), e.err());
  }

  @Test
  void aDamagedRecordFailsInOneLineNamingItAndExportsNothing() throws IOException {
    Path model = TinyModels.writeExampleParser(tmp.resolve("model"));
    Path data = records("train.tfrecord", 30, 1, Label.CLASS);
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length - 10] ^= 1;
    Files.write(data, bytes);
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", data.toString(),
        "--export", export.toString());
    assertEquals(2, t.code(), t.err());
    String error = t.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
    assertTrue(error.contains("record 29") && error.contains("checksum")
        && error.contains("(fix:"), t.err());
    assertFalse(Files.exists(export), "nothing half-written");
  }

  @Test
  void aMissingLabelFeatureFailsNamingTheFeaturesAndTheOption() throws IOException {
    Path model = TinyModels.writeExampleParser(tmp.resolve("model"));
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        records("train.tfrecord", 20, 1, Label.CLASS).toString(), "--label-feature", "class",
        "--export", tmp.resolve("export").toString());
    assertEquals(2, t.code(), t.err());
    assertTrue(t.err().contains("no feature 'class' (features [label, x])")
        && t.err().contains("--label-feature NAME"), t.err());
  }

  @Test
  void recordsForAModelWithoutAStringInputFailWithTheFix() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        records("train.tfrecord", 20, 1, Label.CLASS).toString(), "--export",
        tmp.resolve("export").toString());
    assertEquals(2, t.code(), t.err());
    assertTrue(t.err().contains("one string input") && t.err().contains("--signature NAME"),
        t.err());
  }
}
