package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.run.MetricsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train leaves a run folder, takes its options from job files and resumes runs. */
class RunFolderCommandLineTest {
  @TempDir
  Path tmp;

  private Path pictures() throws IOException {
    return TinyImageModel.pictures(tmp.resolve("pictures"), 10);
  }

  private List<String> train(Path model, Path data, String run, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--data",
        data.toString(), "--lr", "0.05", "--export", tmp.resolve("export-" + run).toString(),
        "--run-dir", tmp.resolve(run).toString()));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void aRunFolderHoldsThePlanMetricsEventsPlotsAndCheckpoints() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Cli.Run r = Cli.run(train(model, pictures(), "run", "--epochs", "3").toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    Path run = tmp.resolve("run");
    assertTrue(r.out().contains("run: " + run), r.out());
    JsonNode plan = new ObjectMapper().readTree(run.resolve("plan.json").toFile());
    assertEquals(3, plan.get("options").get("epochs").asInt());
    assertEquals(64, plan.get("model").get("fingerprint").asText().length());
    assertEquals(64, plan.get("data").get("fingerprint").asText().length());
    assertEquals(32, plan.get("tuner").get("batchSize").asInt());
    assertEquals(3, MetricsCsv.read(run.resolve("metrics.csv")).size());
    for (String f : List.of("curves.png", "confusion.png", "checkpoints/last/state.json",
        "checkpoints/best/state.json")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f);
    }
    try (var events = Files.list(run.resolve("tensorboard"))) {
      assertEquals(1, events.count());
    }
    assertTrue(r.err().contains("restored the best epoch's weights"), r.err());
  }

  @Test
  void aJobFileGivesTheOptionsAndFlagsOverrideIt() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path job = tmp.resolve("job.yaml");
    Files.writeString(job, String.join("\n", "model: " + model, "data: " + pictures(),
        "epochs: 2", "lr: 0.05", "hidden: [8]", "export: " + tmp.resolve("export"),
        "run-dir: " + tmp.resolve("run"), ""));
    Cli.Run r = Cli.run("train", "--job", job.toString(), "--epochs", "3");
    assertEquals(0, r.code(), r.err());
    JsonNode plan = new ObjectMapper().readTree(tmp.resolve("run/plan.json").toFile());
    assertEquals(3, plan.get("options").get("epochs").asInt(), "the flag overrides the file");
    assertEquals(8, plan.get("options").get("hidden").get(0).asInt(), "the file's list");
  }

  @Test
  void anUnknownJobKeyIsOneLineNamingTheClosestKey() throws IOException {
    Path job = tmp.resolve("job.json");
    Files.writeString(job, "{\"epoch\": 3}");
    Cli.Run r = Cli.run("train", "--job", job.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("error: unknown key 'epoch' in " + job + " (fix: did you mean 'epochs'? keys "
        + "are named as the flags of tftune train (see --help))", r.err().strip());
  }

  @Test
  void resumingAFinishedRunWithMoreEpochsEndsWhereALongerRunEnds() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path data = pictures();
    // a constant rate: a decaying schedule spans the epochs asked for, so 2 + 2 differs from 4
    Cli.Run whole = Cli.run(train(model, data, "whole", "--epochs", "4", "--no-restore-best",
        "--schedule", "constant").toArray(String[]::new));
    assertEquals(0, whole.code(), whole.err());
    Cli.Run first = Cli.run(train(model, data, "parts", "--epochs", "2", "--no-restore-best",
        "--schedule", "constant").toArray(String[]::new));
    assertEquals(0, first.code(), first.err());
    Cli.Run rest = Cli.run("train", "--resume", tmp.resolve("parts").toString(), "--epochs", "4",
        "--overwrite");
    assertEquals(0, rest.code(), rest.err());
    assertTrue(rest.err().contains("resumed from"), rest.err());
    assertArrayEquals(variables(tmp.resolve("whole")), variables(tmp.resolve("parts")));
    assertEquals(4, MetricsCsv.read(tmp.resolve("parts/metrics.csv")).size());
  }

  @Test
  void resumingWithChangedDataIsOneLineWithTheFix() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path data = pictures();
    assertEquals(0, Cli.run(train(model, data, "run", "--epochs", "1").toArray(String[]::new))
        .code());
    ImageIO.write(TinyImageModel.picture(0, 16, 99), "png",
        data.resolve("red").resolve("new.png").toFile());
    Cli.Run r = Cli.run("train", "--resume", tmp.resolve("run").toString());
    assertEquals(2, r.code(), r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("error: the data " + data + " has changed since the run"), last);
    assertTrue(last.endsWith("(fix: resume with the data the run started with, or start a new "
        + "run)"), last);
  }

  @Test
  void aSecondRunWithTheSameBaseAndDataReadsTheFeaturesFromDisk() throws IOException {
    Path model = TinyImageModel.write(tmp.resolve("model"));
    Path data = pictures();
    Cli.Run first = Cli.run(train(model, data, "a", "--epochs", "1").toArray(String[]::new));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.err().contains("computing its features once for all 30 examples"),
        first.err());
    Cli.Run second = Cli.run(train(model, data, "b", "--epochs", "1", "--hidden", "4")
        .toArray(String[]::new));
    assertEquals(0, second.code(), second.err());
    assertTrue(second.err().contains("features of all 30 examples read from "
        + tmp.resolve("feature-cache")), second.err());
    Cli.Run other = Cli.run(train(model, data, "c", "--epochs", "1", "--scaling", "[-1,1]")
        .toArray(String[]::new));
    assertTrue(other.err().contains("computing its features"), "other scaling, other key");
  }

  private static byte[] variables(Path run) throws IOException {
    return Files.readAllBytes(run.resolve("checkpoints/last/variables.data-00000-of-00001"));
  }
}
