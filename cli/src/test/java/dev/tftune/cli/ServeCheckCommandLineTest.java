package dev.tftune.cli;

import static dev.tftune.testing.Examples.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.TfRecords;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tftune serve-check}: an export replayed as TF Serving would, with what a client sends;
 * here a model that parses tf.Example itself, so classify feeds its own input.
 */
class ServeCheckCommandLineTest {
  @TempDir
  Path tmp;

  /** Records with a float feature x of 4 values, class "up" when x0 + x3 > 0. */
  private Path records(int n) throws IOException {
    Random r = new Random(1);
    List<byte[]> records = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      float[] x = new float[4];
      for (int i = 0; i < 4; i++) {
        x[i] = (float) r.nextGaussian();
      }
      records.add(example().floats("x", x).text("label", x[0] + x[3] > 0 ? "up" : "down")
          .bytes());
    }
    Path file = tmp.resolve("train.tfrecord");
    TfRecords.write(file, records);
    return file;
  }

  private Path train(String... extra) throws IOException {
    Path model = TinyModels.writeExampleParser(tmp.resolve("model"));
    Path export = tmp.resolve("export");
    List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--data",
        records(100).toString(), "--epochs", "3", "--export", export.toString()));
    args.addAll(List.of(extra));
    Cli.Run t = Cli.run(args.toArray(String[]::new));
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("./tftune serve-check " + export.toAbsolutePath()), t.out());
    return export;
  }

  @Test
  void serveCheckRunsEverySignatureAndPrintsWhatToSend() throws IOException {
    Path export = train("--warmup-records", "4");
    Cli.Run c = Cli.run("serve-check", export.toString());
    assertEquals(0, c.code(), c.err());
    String out = c.out();
    assertTrue(out.contains("signature serving_default (tensorflow/serving/predict): ran 4 "
        + "requests, 4 examples"), out);
    assertTrue(out.contains("signature classify (tensorflow/serving/classify): ran 8 requests"),
        out);
    assertTrue(out.contains("max abs diff 0.0"), out);
    assertTrue(out.contains("docker run --rm -p 8501:8501 -v " + export.toAbsolutePath()
        + ":/models/export -e MODEL_NAME=export tensorflow/serving"), out);
    assertTrue(out.contains("curl -d '{\"signature_name\":\"classify\",\"examples\":[{"), out);
    assertTrue(out.contains("http://localhost:8501/v1/models/export:classify"), out);
    assertTrue(out.contains("{\"signature_name\":\"serving_default\",\"instances\":[{\"b64\":"),
        "the serialized example is sent base64-encoded: " + out);
  }

  @Test
  void bodiesAreWrittenWhereAskedAndNowhereElse() throws IOException {
    Path export = train("--warmup-records", "1");
    Path bodies = tmp.resolve("bodies");
    Cli.Run c = Cli.run("serve-check", export.resolve("1").toString(), "--bodies",
        bodies.toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(Files.readString(bodies.resolve("classify.json")).startsWith(
        "{\"signature_name\":\"classify\""));
    assertTrue(c.out().contains("curl -d @" + bodies.resolve("classify.json").toAbsolutePath()),
        c.out());
  }

  @Test
  void anExportWithoutWarmupRecordsEndsInOneLineWithTheFix() throws IOException {
    Path export = train("--warmup-records", "0");
    Cli.Run c = Cli.run("serve-check", export.toString());
    assertEquals(2, c.code(), c.err());
    assertEquals(1, c.err().strip().lines().count(), c.err());
    assertTrue(c.err().contains("no warm-up records") && c.err().contains("--warmup-records"),
        c.err());
  }
}
