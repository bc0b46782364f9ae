package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data users really have (a test folder lacking a class, one class, an --export that cannot be
 * written) ends in the right answer or in one line naming the problem and the fix.
 */
class BadDataCommandLineTest {
  @TempDir
  Path tmp;

  private static String lastLine(Cli.Run r) {
    return r.err().strip().lines().reduce((a, b) -> b).orElse("");
  }

  private Path trainedExport() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path data = TinyImageModel.pictures(tmp.resolve("train"), 12);
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", data.toString(),
        "--epochs", "20", "--batch", "4", "--lr", "0.05", "--export", export.toString());
    assertEquals(0, t.code(), t.err());
    return export.resolve("1");
  }

  /** The pictures of some classes only, as a test folder often is. */
  private Path testFolder(String... classes) throws IOException {
    Path all = TinyImageModel.pictures(tmp.resolve("all-test"), 6);
    Path root = tmp.resolve("test-" + String.join("-", classes));
    for (String c : classes) {
      Path from = all.resolve(c);
      Path to = Files.createDirectories(root.resolve(c));
      if (Files.isDirectory(from)) {
        try (Stream<Path> files = Files.list(from)) {
          for (Path f : files.toList()) {
            Files.copy(f, to.resolve(f.getFileName()));
          }
        }
      } else {
        Files.copy(all.resolve("red/p0.png"), to.resolve("p0.png"));
      }
    }
    return root;
  }

  @Test
  void evaluateMatchesClassFoldersToTheModelsClassesByName() throws Exception {
    Path export = trainedExport();
    // without blue, sorted positions would take green for blue and red for green
    Cli.Run r = Cli.run("evaluate", "--model", export.toString(), "--data",
        testFolder("green", "red").toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode perClass = json.get("perClass");
    assertEquals("blue", perClass.get(0).get("label").asText());
    assertEquals(0, perClass.get(0).get("support").asInt());
    assertEquals(6, perClass.get(1).get("support").asInt(), "green");
    assertEquals(6, perClass.get(2).get("support").asInt(), "red");
    assertTrue(json.get("accuracy").asDouble() > 0.9, r.out());
  }

  @Test
  void evaluateOnAClassTheModelNeverSawNamesIt() throws Exception {
    Path export = trainedExport();
    Cli.Run r = Cli.run("evaluate", "--model", export.toString(), "--data",
        testFolder("green", "purple").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(lastLine(r).startsWith("error: the data has class [purple], which the model "
        + "was not trained on (its classes: [blue, green, red]) (fix: "), lastLine(r));
  }

  @Test
  void oneClassIsRefusedWithTheFix() throws Exception {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path data = testFolder("red");
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", data.toString(),
        "--export", tmp.resolve("export").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(lastLine(r).startsWith("error: every example of the data is of class 'red'"),
        lastLine(r));
    assertFalse(Files.exists(tmp.resolve("export")), "nothing is exported");
  }

  @Test
  void anExportThatCannotBeWrittenFailsBeforeTheModelLoads() throws Exception {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path notAFolder = Files.writeString(tmp.resolve("models"), "a file where a folder goes");
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data",
        TinyImageModel.pictures(tmp.resolve("train"), 4).toString(), "--export",
        notAFolder.resolve("m").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(lastLine(r).startsWith("error: the export base " + notAFolder.resolve("m")
        + " cannot be created: " + notAFolder + " is not a folder (fix: "), lastLine(r));
    assertFalse(r.err().contains("data: "), "no data was read, no model loaded: " + r.err());
  }
}
