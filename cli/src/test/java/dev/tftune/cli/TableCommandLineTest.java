package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.testing.NumpyFiles;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models with numeric inputs train, export, evaluate and predict from CSV tables. */
class TableCommandLineTest {
  @TempDir
  Path tmp;

  /** Rows a0,a1,a2,b0,b1,label: "up" when a0 + b1 > 0, kept 0.3 away from the boundary. */
  private Path twoInputRows(String name, int n, long seed, boolean labelled) throws IOException {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("a0,a1,a2,b0,b1" + (labelled ? ",label" : "") + "\n");
    int written = 0;
    while (written < n) {
      double[] v = new double[5];
      for (int i = 0; i < 5; i++) {
        v[i] = r.nextGaussian();
      }
      double score = v[0] + v[4];
      if (Math.abs(score) < 0.3) {
        continue;
      }
      s.append(String.format("%.4f,%.4f,%.4f,%.4f,%.4f", v[0], v[1], v[2], v[3], v[4]));
      s.append(labelled ? (score > 0 ? ",up\n" : ",down\n") : "\n");
      written++;
    }
    return Files.writeString(tmp.resolve(name), s);
  }

  private static double accuracy(String evaluateOut) {
    Matcher m = Pattern.compile("accuracy (\\d\\.\\d+)").matcher(evaluateOut);
    assertTrue(m.find(), evaluateOut);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aModelWithTwoInputsTrainsFromColumnRangesAndEvaluatesOnTheSameColumns()
      throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Cli.Run inspect = Cli.run("inspect", model.toString());
    assertEquals(0, inspect.code(), inspect.err());

    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputRows("train.csv", 300, 1, true).toString(), "--input", "a=a0..a2", "--input",
        "b=b0,b1", "--epochs", "30", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("input a <- [a0, a1, a2] (3 columns), fed as [3]"), t.err());
    assertTrue(t.err().contains("features: features:0"), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        twoInputRows("test.csv", 200, 2, true).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) >= 0.95, e.out());
  }

  @Test
  void columnsNamedAfterTheInputsNeedNoMappingAndPredictNeedsNoLabels() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputRows("train.csv", 300, 1, true).toString(), "--epochs", "30", "--export",
        export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("input b <- [b0, b1] (2 columns)"), t.err());

    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--data",
        twoInputRows("new.csv", 5, 3, false).toString());
    assertEquals(0, p.code(), p.err());
    assertEquals(5, p.out().strip().lines().count(), p.out());
    assertTrue(p.out().lines().allMatch(l -> l.matches("\\d\t(up|down)\t[01]\\.\\d{4}")),
        p.out());
  }

  @Test
  void aRankThreeInputTrainsFromAColumnOfVectors() throws IOException {
    Path model = TinyModels.writeSequence(tmp.resolve("model"), 5, 3);
    Random r = new Random(4);
    StringBuilder s = new StringBuilder("steps\tlabel\n");
    for (int i = 0; i < 200; i++) {
      boolean up = i % 2 == 0;
      StringBuilder v = new StringBuilder();
      for (int k = 0; k < 15; k++) {
        // the first channel's mean tells the classes apart
        double x = r.nextGaussian() * 0.5 + (k % 3 == 0 ? (up ? 1 : -1) : 0);
        v.append(k == 0 ? "" : " ").append(String.format("%.3f", x));
      }
      s.append(v).append('\t').append(up ? "up" : "down").append('\n');
    }
    Path data = Files.writeString(tmp.resolve("seq.tsv"), s);
    Path export = tmp.resolve("export");

    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", data.toString(),
        "--input", "seq=steps", "--epochs", "20", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("fed as [5, 3]"), t.err());
    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        data.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) >= 0.95, e.out());
  }

  @Test
  void aCellThatIsNotANumberFailsInOneLineNamingItsLine() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Path data = Files.writeString(tmp.resolve("bad.csv"),
        "a0,a1,a2,b0,b1,label\n1,2,3,4,5,up\n1,2,n/a,4,5,down\n");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", data.toString(),
        "--export", tmp.resolve("export").toString());
    assertEquals(2, t.code(), t.err());
    String error = t.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
    assertTrue(error.contains("line 3") && error.contains("'a2'") && error.contains("(fix:"),
        t.err());
    assertFalse(Files.exists(tmp.resolve("export")), "nothing half-written");
  }

  @Test
  void anInputWithoutColumnsFailsNamingIt() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputRows("train.csv", 20, 1, true).toString(), "--input", "a=a0..a2", "--export",
        tmp.resolve("export").toString());
    assertEquals(2, t.code(), t.err());
    assertTrue(t.err().contains("nothing feeds [b]") && t.err().contains("--input b=COLUMNS"),
        t.err());
  }

  /** Rows a0,a1,a2,b0,b1,price with price = 100 + 20 a0 - 10 b1 plus noise. */
  private Path priceRows(String name, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("a0,a1,a2,b0,b1,price\n");
    for (int i = 0; i < n; i++) {
      double[] v = new double[5];
      for (int k = 0; k < 5; k++) {
        v[k] = r.nextGaussian();
      }
      s.append(String.format("%.4f,%.4f,%.4f,%.4f,%.4f,%.3f%n", v[0], v[1], v[2], v[3], v[4],
          100 + 20 * v[0] - 10 * v[4] + r.nextGaussian()));
    }
    return Files.writeString(tmp.resolve(name), s);
  }

  @Test
  void aTargetColumnTrainsARegressionHeadThatEvaluatesWithR2AndPredictsValues()
      throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        priceRows("train.csv", 400, 1).toString(), "--target", "price", "--loss", "huber",
        "--epochs", "40", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("regression (huber) of [price]"), t.err());
    assertTrue(t.err().contains("val_r2"), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        priceRows("test.csv", 200, 2).toString());
    assertEquals(0, e.code(), e.err());
    Matcher r2 = Pattern.compile("r2 +(-?\\d\\.\\d+)").matcher(e.out());
    assertTrue(r2.find() && Double.parseDouble(r2.group(1)) > 0.95, e.out());

    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--data",
        twoInputRows("new.csv", 3, 3, false).toString());
    assertEquals(0, p.code(), p.err());
    assertEquals(3, p.out().strip().lines().count(), p.out());
    assertTrue(p.out().lines().allMatch(l -> l.matches("\\d\t-?[0-9.]+")), p.out());
  }

  @Test
  void aRegressionLossWithoutATargetFailsWithTheFix() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputRows("train.csv", 20, 1, true).toString(), "--loss", "mae", "--export",
        tmp.resolve("export").toString());
    assertEquals(2, t.code(), t.err());
    assertTrue(t.err().contains("(fix: pass --target COLUMNS"), t.err());
  }

  @Test
  void signatureChoosesTheInputsTheDataFeeds() throws IOException {
    Path model = TinyModels.writeTwoSignatures(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    // the label depends on a0, which serving_default (b only) never sees
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputRows("train.csv", 300, 1, true).toString(), "--signature", "both",
        "--features", "features", "--epochs", "30", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("input a <- [a0, a1, a2]"), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        twoInputRows("test.csv", 200, 2, true).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) >= 0.95, e.out());
  }

  @Test
  void anUnknownSignatureFailsListingTheModelsSignatures() throws IOException {
    Path model = TinyModels.writeTwoSignatures(tmp.resolve("model"));
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputRows("train.csv", 20, 1, true).toString(), "--signature", "predict",
        "--export", tmp.resolve("export").toString());
    assertEquals(2, t.code(), t.err());
    assertTrue(t.err().contains("no signature 'predict'") && t.err().contains("both")
        && t.err().contains("serving_default"), t.err());
  }

  /** Arrays a [n,3], b [n,2] and labels (1 when a0 + b1 > 0.3, 0 below -0.3). */
  private Path twoInputArrays(String name, int n, long seed) throws IOException {
    Random r = new Random(seed);
    float[] a = new float[n * 3];
    float[] b = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; ) {
      float[] v = {(float) r.nextGaussian(), (float) r.nextGaussian(),
          (float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
      if (Math.abs(v[0] + v[4]) < 0.3) {
        continue;
      }
      System.arraycopy(v, 0, a, i * 3, 3);
      System.arraycopy(v, 3, b, i * 2, 2);
      labels[i] = v[0] + v[4] > 0 ? 1 : 0;
      i++;
    }
    return NumpyFiles.writeArchive(tmp.resolve(name), java.util.Map.of(
        "a", new NumpyFiles.Floats(new long[] {n, 3}, a),
        "b", new NumpyFiles.Floats(new long[] {n, 2}, b), "labels", labels));
  }

  @Test
  void numpyArraysNamedAsTheInputsTrainEvaluateAndPredict() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        twoInputArrays("train.npz", 300, 1).toString(), "--epochs", "30", "--export",
        export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("input a <- array a [300, 3], fed as [3]"), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        twoInputArrays("test.npz", 200, 2).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) >= 0.95, e.out());

    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--data",
        twoInputArrays("new.npz", 4, 3).toString());
    assertEquals(0, p.code(), p.err());
    assertEquals(4, p.out().strip().lines().count(), p.out());
  }

  /** Rows a0..b1,tags: tag x when a0 > 0.3, y when b1 > 0.3, none or both possible. */
  private Path taggedRows(String name, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("a0,a1,a2,b0,b1,tags\n");
    for (int written = 0; written < n; ) {
      double[] v = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(),
          r.nextGaussian()};
      if (Math.abs(v[0]) < 0.3 || Math.abs(v[4]) < 0.3) {
        continue;
      }
      String tags = (v[0] > 0 ? "x" : "") + (v[0] > 0 && v[4] > 0 ? "|" : "")
          + (v[4] > 0 ? "y" : "");
      s.append(String.format("%.4f,%.4f,%.4f,%.4f,%.4f,%s%n", v[0], v[1], v[2], v[3], v[4],
          tags));
      written++;
    }
    return Files.writeString(tmp.resolve(name), s);
  }

  @Test
  void labelSetsTrainAMultiLabelHeadThatEvaluatesAndPredictsSets() throws IOException {
    Path model = TinyModels.writeTwoInputs(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        taggedRows("train.csv", 400, 1).toString(), "--label-column", "tags", "--multi-label",
        "--epochs", "30", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("multi-label classification of [x, y]"), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        taggedRows("test.csv", 200, 2).toString());
    assertEquals(0, e.code(), e.err());
    Matcher subset = Pattern.compile("subset accuracy (\\d\\.\\d+)").matcher(e.out());
    assertTrue(subset.find() && Double.parseDouble(subset.group(1)) >= 0.9, e.out());

    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--data",
        twoInputRows("new.csv", 5, 3, false).toString());
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().lines().allMatch(l -> l.matches("\\d\t(x|y|x\\|y)?")), p.out());
  }
}
