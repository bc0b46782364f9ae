package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.models.testing.BertBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.tftune.export.ServeCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text classification from the command line, on the real BERT-base. */
class TextCommandLineTest {
  @TempDir
  Path tmp;

  /** The demo's messages: the first rows to train on, the last ones held out. */
  private Path demoRows(String name, int from, int to) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(DemoCommand.DATA_RESOURCE)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      Path file = tmp.resolve(name);
      Files.writeString(file, lines.get(0) + "\n"
          + String.join("\n", lines.subList(1 + from, 1 + to)) + "\n");
      return file;
    }
  }

  @Test
  void trainEvaluateAndPredictAFrozenBertClassifier() throws IOException {
    Path train = demoRows("train.tsv", 0, 120);
    Path test = demoRows("test.tsv", 280, 320);
    Path export = tmp.resolve("export");
    Cli.Run t = Cli.run("train", "--model", BertBase.dir().toString(), "--data", train.toString(),
        "--label-column", "intent", "--pooling", "mean", "--epochs", "30", "--lr", "0.003",
        "--export", export.toString(), "--run-dir", tmp.resolve("run").toString());
    assertEquals(0, t.code(), t.err());
    RunFolderChecks.assertComplete(tmp.resolve("run"), 30);
    assertTrue(Files.isRegularFile(export.resolve("1/assets/vocab.txt")));
    assertTrue(Files.readString(export.resolve("1/assets/tftune.json")).contains("\"lowerCase\""));
    // classify parses the token ids from tf.Example features of any length
    ServeCheck.Report served = ServingChecks.assertServes(export.resolve("1"));
    assertEquals(List.of("classify", "serving_default"), served.runs().stream()
        .map(r -> r.signature().key()).sorted().toList());

    Cli.Run e = Cli.run("evaluate", "--model", export.resolve("1").toString(), "--data", test.toString());
    assertEquals(0, e.code(), e.err());
    double accuracy = Double.parseDouble(e.out().lines().filter(l -> l.startsWith("accuracy"))
        .findFirst().orElseThrow().split("\\s+")[1]);
    assertTrue(accuracy > 0.6, "4 intents, 120 training messages: accuracy " + accuracy);

    Cli.Run p = Cli.run("predict", "--model", export.resolve("1").toString(), "--text",
        "I was charged twice for my subscription this month, please refund one payment");
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().contains("\tbilling\t"), p.out());
  }

  @Test
  void anUnknownModelNameIsOneLineListingTheKnownOnes() throws IOException {
    Cli.Run r = Cli.run("train", "--model", "bert-huge", "--data", demoRows("t.tsv", 0, 10).toString(),
        "--export", tmp.resolve("e").toString());
    assertEquals(2, r.code());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("error: no model folder or known model named 'bert-huge'"),
        r.err());
    assertTrue(r.err().contains("bert-base-uncased"), r.err());
  }

  @Test
  void aTextFileWithoutAKnownTextColumnAsksForIt() throws IOException {
    Path data = tmp.resolve("odd.csv");
    Files.writeString(data, "intent,body,extra\nbilling,refund please,x\naccount,new email,y\n");
    Cli.Run r = Cli.run("train", "--model", BertBase.dir().toString(), "--data", data.toString(),
        "--export", tmp.resolve("e").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("pass --text-column NAME"), r.err());
  }
}
