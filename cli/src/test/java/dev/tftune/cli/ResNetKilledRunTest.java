package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tftune train} on ResNet-32 with its top block unfrozen, killed with SIGKILL in a JVM
 * of its own and continued with {@code --resume}, ends with the uninterrupted run's weights
 * bit for bit: killed in epoch 1 (part of the frozen layers' output kept) and in epoch 2.
 */
class ResNetKilledRunTest {
  private static final int STEPS_PER_EPOCH = 43; // 1,500 images less 10 %, batches of 32

  @TempDir
  static Path tmp;
  static Path whole;

  private static List<String> args(Path run) {
    Path model = Fixtures.require("savedmodels/tf1/resnet32-cifar10");
    Path data = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    return List.of("train", "--model", model.toString(), "--data", data.toString(),
        "--limit", "1500", "--scaling", "per-image-standardization", "--unfreeze-top", "1",
        "--epochs", "2", "--lr", "0.02", "--base-lr", "0.005", "--checkpoint-every", "10",
        "--no-restore-best", "--export", run.resolve("export").toString(), "--run-dir",
        run.toString());
  }

  @BeforeAll
  static void uninterrupted() throws Exception {
    whole = tmp.resolve("whole");
    assertEquals(0, start(args(whole), whole).waitFor());
  }

  @ParameterizedTest
  @ValueSource(ints = {20, STEPS_PER_EPOCH + 10})
  void aKilledRunResumesToTheUninterruptedWeights(int killAfter) throws Exception {
    Path run = tmp.resolve("killed-" + killAfter);
    Process p = start(args(run), run);
    Path state = run.resolve("checkpoints/last/state.json");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (p.isAlive() && System.nanoTime() < deadline && step(state) < killAfter) {
      Thread.sleep(20);
    }
    p.destroyForcibly(); // SIGKILL
    assertNotEquals(0, p.waitFor(), "killed before it finished");
    long at = step(state);
    assertTrue(at >= killAfter && at < 2L * STEPS_PER_EPOCH, "killed mid-run, at " + at);

    Process resumed = start(List.of("train", "--resume", run.toString(), "--overwrite"), run);
    assertEquals(0, resumed.waitFor(), Files.readString(run.resolve("train.log")));
    assertArrayEquals(variables(whole), variables(run));
  }

  private static long step(Path state) {
    try {
      return Files.isRegularFile(state)
          ? new ObjectMapper().readTree(state.toFile()).get("step").asLong() : 0;
    } catch (IOException e) {
      return 0; // replaced while read
    }
  }

  private static byte[] variables(Path run) throws IOException {
    return Files.readAllBytes(run.resolve("checkpoints/last/variables.data-00000-of-00001"));
  }

  private static Process start(List<String> args, Path run) throws IOException {
    Files.createDirectories(run);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve("train.log").toFile()))
        .start();
  }
}
