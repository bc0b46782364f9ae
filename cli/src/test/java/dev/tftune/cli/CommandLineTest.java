package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.export.ServeCheck;
import dev.tftune.graph.VariableKind;
import dev.tftune.testing.Fixtures;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one-line errors, JSON. */
class CommandLineTest {
  @TempDir
  Path tmp;

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void everyCommandsHelpPrintsItsUsageAndExitsZero() {
    for (String command : new String[] {"train", "evaluate", "predict", "inspect", "models"}) {
      Cli.Run help = Cli.run(command, "--help");
      assertEquals(0, help.code(), command + ": " + help.err());
      assertTrue(help.out().startsWith("Usage: tftune " + command), command + ": " + help.out());
    }
  }

  @Test
  void inspectJsonHasTheDocumentedKeys() throws Exception {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
    Cli.Run r = Cli.run("inspect", model.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("tf1", json.get("format").asText());
    assertEquals("serve", json.get("tags").get(0).asText());
    JsonNode x = json.get("signatures").get("serving_default").get("inputs").get("x");
    assertEquals("x:0", x.get("name").asText());
    assertEquals("float32", x.get("dtype").asText());
    assertEquals(-1, x.get("shape").get(0).asInt());
    assertEquals(3, json.get("variables").size());
    assertEquals("resource", json.get("variables").get(0).get("kind").asText());
    assertTrue(json.get("ops").get("MatMul").asInt() >= 2);
    assertTrue(json.get("missingGradients").isArray());
  }

  @Test
  void missingModelFolderFailsWithOneLineThatNamesTheFix() {
    Cli.Run r = Cli.run("inspect", tmp.resolve("absent").toString());
    assertEquals(2, r.code());
    assertTrue(lastLine(r.err()).startsWith("error: model folder"), r.err());
    assertTrue(lastLine(r.err()).contains("fix:"), r.err());
  }

  @Test
  void unknownFeatureTensorFailsWithOneLineThatNamesTheFix() {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.REF);
    Path data = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", data.toString(), "--limit", "10",
        "--features", "no_such_tensor", "--export", tmp.resolve("out").toString());
    assertEquals(2, r.code());
    assertTrue(lastLine(r.err()).contains("no_such_tensor"), r.err());
  }

  @Test
  void missingLabelsFileFailsWithOneLineThatNamesTheFix() throws Exception {
    Path images = tmp.resolve("train-images-idx3-ubyte");
    java.nio.file.Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1});
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.REF);
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", images.toString(),
        "--features", "features", "--export", tmp.resolve("out").toString());
    assertEquals(2, r.code());
    assertTrue(lastLine(r.err()).contains("train-labels-idx1-ubyte"), r.err());
  }

  @Test
  void trainThenEvaluateOnTheResNetFixture() throws Exception {
    Path model = Fixtures.require("savedmodels/tf1/resnet32-cifar10");
    Path train = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    Path test = Fixtures.require("data/fashion-mnist/t10k-images-idx3-ubyte.gz");
    Cli.Run t = Cli.run("train", "--model", model.toString(), "--data", train.toString(), "--limit",
        "500", "--features", "resnet_model/final_reduce_mean", "--scaling",
        "per-image-standardization", "--epochs", "10", "--lr", "0.01", "--export",
        tmp.resolve("out").toString());
    assertEquals(0, t.code(), t.err());
    ServeCheck.Report served = ServingChecks.assertServes(tmp.resolve("out/1"));
    assertEquals(List.of("classify", "predict_tensor", "serving_default"), served.runs().stream()
        .map(r -> r.signature().key()).sorted().toList());
    Cli.Run e = Cli.run("evaluate", "--model", tmp.resolve("out/1").toString(), "--data", test.toString(),
        "--limit", "300", "--json");
    assertEquals(0, e.code(), e.err());
    JsonNode json = new ObjectMapper().readTree(e.out());
    assertEquals(300, json.get("count").asInt());
    assertTrue(json.get("accuracy").asDouble() > 0.3, "far above chance (0.1): " + e.out());
    assertEquals(10, json.get("perClass").size());
    Cli.Run p = Cli.run("predict", "--model", tmp.resolve("out/1").toString(), "--data", test.toString(),
        "--limit", "5", "--json");
    assertEquals(0, p.code(), p.err());
    assertEquals(5, new ObjectMapper().readTree(p.out()).size());
  }
}
