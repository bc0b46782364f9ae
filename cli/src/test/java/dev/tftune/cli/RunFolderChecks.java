package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.run.MetricsCsv;
import dev.tftune.testing.EventFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** What every finished run folder holds, checked the way its readers read it. */
final class RunFolderChecks {
  private RunFolderChecks() {}

  static void assertComplete(Path run, int epochs) throws IOException {
    JsonNode plan = new ObjectMapper().readTree(run.resolve("plan.json").toFile());
    assertEquals(epochs, plan.get("options").get("epochs").asInt());
    assertEquals(64, plan.get("model").get("fingerprint").asText().length());
    List<MetricsCsv.Row> rows = MetricsCsv.read(run.resolve("metrics.csv"));
    assertEquals(epochs, rows.stream().filter(r -> r.kind().equals("epoch")).count());
    Map<String, List<double[]>> scalars = EventFiles.scalars(run.resolve("tensorboard"));
    assertEquals(epochs, scalars.get("epoch/val_accuracy").size(), "tags " + scalars.keySet());
    for (String png : List.of("curves.png", "confusion.png")) {
      BufferedImage image = ImageIO.read(run.resolve(png).toFile());
      assertTrue(image != null && image.getWidth() >= 600, png);
    }
    for (String checkpoint : List.of("last", "best")) {
      Path dir = run.resolve("checkpoints").resolve(checkpoint);
      assertTrue(Files.isRegularFile(dir.resolve("state.json")), dir.toString());
      assertTrue(Files.isRegularFile(dir.resolve("variables.index")), dir.toString());
    }
  }
}
