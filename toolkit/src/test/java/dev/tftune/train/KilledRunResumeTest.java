package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.tftune.graph.VariableKind;
import dev.tftune.testing.TinyModels;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed with SIGKILL in the middle of an epoch and resumed from its last checkpoint ends
 * with the weights (head, trained base variables, optimizer slots) of the same run left
 * uninterrupted, bit for bit. Each run is a JVM of its own ({@link ResumableRun}).
 */
class KilledRunResumeTest {
  private static final int STEPS_PER_EPOCH = (ResumableRun.EXAMPLES * 9 / 10
      + ResumableRun.BATCH - 1) / ResumableRun.BATCH;
  /** Slow from the 5th step of the second epoch, and killed shortly after. */
  private static final int SLOW_FROM = STEPS_PER_EPOCH + 5;

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"frozen", "unfrozen"})
  void aKilledRunResumesToTheUninterruptedRunsWeights(String mode) throws Exception {
    Path model = TinyModels.write(tmp.resolve("model"), VariableKind.RESOURCE);
    Path whole = tmp.resolve("whole");
    Path killed = tmp.resolve("killed");
    assertEquals(0, run(model, whole, mode, "new", 0).waitFor());

    Process p = run(model, killed, mode, "new", SLOW_FROM);
    Path marker = killed.resolve("reached");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(Files.exists(marker), "the run reached step " + SLOW_FROM);
    Thread.sleep(ThreadLocalRandom.current().nextInt(60));
    p.destroyForcibly(); // SIGKILL
    assertNotEquals(0, p.waitFor(), "killed before it finished");
    long stepAtKill = state(killed).get("step").asLong();
    assertTrue(stepAtKill < (long) ResumableRun.EPOCHS * STEPS_PER_EPOCH,
        "the last checkpoint is mid-run (step " + stepAtKill + ")");

    assertEquals(0, run(model, killed, mode, "resume", 0).waitFor());

    assertArrayEquals(variables(whole), variables(killed),
        "the resumed run's final variables equal the uninterrupted run's");
    assertEquals(losses(whole), losses(killed), "and so do its epochs' losses");
  }

  private static Process run(Path model, Path runDir, String mode, String how, int slowFrom)
      throws IOException {
    Files.createDirectories(runDir);
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        ResumableRun.class.getName(), model.toString(), runDir.toString(), mode, how,
        Integer.toString(slowFrom)));
    File log = runDir.resolve(how + ".log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
  }

  private static JsonNode state(Path runDir) throws IOException {
    return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
        .readTree(RunCheckpoint.locate(runDir.resolve("checkpoints/last"))
            .resolve(RunCheckpoint.STATE).toFile());
  }

  private static byte[] variables(Path runDir) throws IOException {
    Path last = RunCheckpoint.locate(runDir.resolve("checkpoints/last"));
    return Files.readAllBytes(last.resolve(RunCheckpoint.VARIABLES
        + ".data-00000-of-00001"));
  }

  private static List<String> losses(Path runDir) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode epoch : state(runDir).get("history")) {
      out.add(epoch.get("loss").asText() + "/" + epoch.get("validationLoss").asText());
    }
    return out;
  }
}
