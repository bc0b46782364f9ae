package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.testing.ModelQuirks;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with the quirks real exports have go through inspect, train, export and evaluate
 * from the command line: a TF2 {@code save} signature, and Adam slots saved with the model.
 */
class ModelQuirksCommandLineTest {
  @TempDir
  Path tmp;

  /**
   * Rows x0..x3,label for the tiny model: the class is the largest of x0, x1, x2, which its
   * six random ReLU features only partly keep (a head on them reaches about 0.8).
   */
  private Path rows(String name, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("x0,x1,x2,x3,label\n");
    for (int i = 0; i < n; i++) {
      double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      int best = x[0] >= x[1] && x[0] >= x[2] ? 0 : x[1] >= x[2] ? 1 : 2;
      s.append(String.format("%.4f,%.4f,%.4f,%.4f,c%d%n", x[0], x[1], x[2], x[3], best));
    }
    return Files.writeString(tmp.resolve(name), s);
  }

  private static double accuracy(String out) {
    Matcher m = Pattern.compile("accuracy (\\d\\.\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aModelWithASaveSignatureInspectsWithoutWritingAndTrainsExportsEvaluates()
      throws IOException {
    Path model = ModelQuirks.withSaveSignature(TinyModels.write(tmp.resolve("model"),
        VariableKind.RESOURCE));
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> before = listing(cwd);
    Cli.Run inspect = Cli.run("inspect", model.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("save"), inspect.out());
    assertEquals(before, listing(cwd), "inspect wrote nothing into the working directory");

    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        rows("train.csv", 300, 1).toString(), "--features", "features", "--epochs", "20",
        "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("not run, as they have side effects: [save]"), t.err());
    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        rows("test.csv", 200, 2).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) > 0.6, "well above chance (1/3): " + e.out());
    assertEquals(before, listing(cwd));
  }

  @Test
  void savedOptimizerSlotsAreShownFixedAndNeverTrainEvenWhenTheirNameMatches()
      throws IOException {
    Path model = TinyModels.writeWithOptimizerSlot(tmp.resolve("model"));
    Cli.Run inspect = Cli.run("inspect", model.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("1 marked not trainable"), inspect.out());

    Path export = tmp.resolve("export");
    // hidden/ matches base/hidden/* and the slot Adam/base/hidden/kernel/m
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        rows("train.csv", 300, 1).toString(), "--features", "features", "--train-vars",
        "hidden/", "--epochs", "10", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    assertFalse(t.err().contains("not on the path"), t.err());
    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        rows("test.csv", 200, 2).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) > 0.6, "well above chance (1/3): " + e.out());
  }
}
