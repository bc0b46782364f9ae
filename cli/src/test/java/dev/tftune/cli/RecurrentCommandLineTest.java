package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.testing.NumpyFiles;
import dev.tftune.testing.RecurrentModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras-style recurrent model (its recurrence a {@code While} over tensor lists) is unrolled
 * at load, so its cell trains from the command line; the export serves and evaluates.
 */
class RecurrentCommandLineTest {
  @TempDir
  Path tmp;

  private Path sequences(String name, int n, long seed) throws IOException {
    RecurrentModels.Sequences s = RecurrentModels.generate(n, seed);
    return NumpyFiles.writeArchive(tmp.resolve(name), Map.of("seq", new NumpyFiles.Floats(
        new long[] {n, RecurrentModels.STEPS, RecurrentModels.WIDTH}, s.values()),
        "labels", s.labels()));
  }

  private static double accuracy(String out) {
    Matcher m = Pattern.compile("accuracy (\\d\\.\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theRecurrentCellOfAnUnrolledLoopTrainsExportsAndEvaluates() throws IOException {
    Path model = RecurrentModels.write(tmp.resolve("model"));
    Cli.Run inspect = Cli.run("inspect", model.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("unrolled 1 loops (rnn/while: 4 steps)"), inspect.out());
    assertTrue(inspect.out().contains("every op between the inputs/variables and the outputs "
        + "can be differentiated"), inspect.out());

    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data",
        sequences("train.npz", 400, 1).toString(), "--features", "features", "--train-vars",
        "rnn/cell/", "--lr", "0.03", "--base-lr", "0.03", "--epochs", "8", "--export",
        export.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.err().contains("base variables matching [rnn/cell/]"), t.err());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data",
        sequences("test.npz", 300, 2).toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(accuracy(e.out()) >= 0.85, e.out());
  }
}
