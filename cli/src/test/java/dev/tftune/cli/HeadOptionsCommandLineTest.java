package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train finds its learning rate, searches over heads, and says what a bad value needs. */
class HeadOptionsCommandLineTest {
  @TempDir
  Path tmp;

  private String[] train(String... more) throws IOException {
    Path pictures = TinyImageModel.pictures(tmp.resolve("pictures"), 12);
    List<String> args = new ArrayList<>(List.of("train", "--model",
        TinyImageModel.write(tmp.resolve("model")).toString(), "--data", pictures.toString(),
        "--export", tmp.resolve("export").toString(), "--run-dir", tmp.resolve("run").toString(),
        "--validation-split", "0.25", "--epochs", "2"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void withoutALearningRateARangeTestChoosesOneAndDrawsItsCurve() throws IOException {
    Cli.Run r = Cli.run(train());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("learning rate found by a range test: head "), r.err());
    assertTrue(Files.size(tmp.resolve("run/lr-find.png")) > 0);
  }

  @Test
  void aSearchPrintsOneRowPerCandidateAndExportsTheBest() throws IOException {
    Cli.Run r = Cli.run(train("--search", "lr=0.01,0.05 hidden=0,8", "--refit"));
    assertEquals(0, r.code(), r.err());
    String table = r.out().substring(r.out().indexOf("head search:"));
    assertEquals(4, table.lines().filter(l -> l.matches("[* ] 0\\.0[15] .*")).count(), table);
    assertEquals(1, table.lines().filter(l -> l.startsWith("* ")).count(), table);
    assertTrue(table.contains("best by val_accuracy: lr="), table);
    assertTrue(Files.isRegularFile(tmp.resolve("export/1/saved_model.pb")));
  }

  @Test
  void aLearningRateThatIsNotANumberSaysWhatToPass() throws IOException {
    Cli.Run r = Cli.run(train("--lr", "fast"));
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("--lr 'fast' is not a positive number or auto"), r.err());
    assertTrue(r.err().contains("--lr auto"), r.err());
  }
}
