package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tftune.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ResNet-32 run on Fashion-MNIST images leaves a complete run folder. */
class ResNetRunFolderTest {
  @TempDir
  Path tmp;

  @Test
  void aResNetRunLeavesPlanMetricsEventsPlotsAndCheckpoints() throws IOException {
    Path model = Fixtures.require("savedmodels/tf1/resnet32-cifar10");
    Path data = Fixtures.require("data/fashion-mnist/train-images-idx3-ubyte.gz");
    Cli.Run r = Cli.run("train", "--model", model.toString(), "--data", data.toString(),
        "--limit", "400", "--epochs", "3", "--lr", "0.01", "--log-every", "5", "--export",
        tmp.resolve("export").toString(), "--run-dir", tmp.resolve("run").toString());
    assertEquals(0, r.code(), r.err());
    RunFolderChecks.assertComplete(tmp.resolve("run"), 3);
  }
}
