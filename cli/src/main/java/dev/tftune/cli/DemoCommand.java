package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TextTable;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ExportedModel;
import dev.tftune.export.ServingExporter;
import dev.tftune.head.DenseHead;
import dev.tftune.models.bert.BertDataset;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.models.catalog.ModelCache;
import dev.tftune.models.catalog.ModelCatalog;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.train.Evaluation;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingHistory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole job in one command: fetch BERT-base, fine-tune an intent classifier on the small
 * support-ticket set shipped with tftune, evaluate it on held-out rows, export it for TF
 * Serving, reload the export and classify a few new messages.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Fine-tune BERT-base on a small labelled text set, evaluate, export for TF "
        + "Serving, reload and predict: the whole job, no flags needed.")
final class DemoCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  VerboseOption verbose;

  private static final long SEED = 42;
  /** Draws the held-out messages. */
  private static final long SPLIT_SEED = 7;
  static final String DATA_RESOURCE = "/dev/tftune/models/demo/support-tickets.tsv";
  private static final List<String> NEW_MESSAGES = List.of(
      "I was billed twice for the same order last week, please send one payment back",
      "The parcel has been stuck at the depot for five days and tracking shows nothing new",
      "Every time I open the app on my tablet it freezes on the splash screen",
      "How do I change the email address linked to my profile?");

  @Spec
  CommandSpec spec;

  @Option(names = "--out", defaultValue = "tftune-demo",
      description = "folder for the data split and the export; default ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--model", defaultValue = "bert-base-uncased",
      description = "BERT model folder or known name; default ${DEFAULT-VALUE}")
  String model;

  @Option(names = "--epochs", defaultValue = "40",
      description = "passes over the cached features; default ${DEFAULT-VALUE}")
  int epochs;

  @Option(names = "--test-fraction", defaultValue = "0.2",
      description = "share of each class held out for the evaluation; default ${DEFAULT-VALUE}")
  double testFraction;

  @Override
  public Integer call() throws IOException {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new TftuneException("--test-fraction " + testFraction + " is not between 0 and 1",
          "pass a share such as 0.2");
    }
    PrintWriter o = spec.commandLine().getOut();
    long start = System.nanoTime();
    step(o, 1, "fetching " + model + " (once; later runs reuse the cache)");
    Path modelDir = ModelCache.defaults().resolve(model,
        new ConsoleProgress(spec.commandLine().getErr()));

    step(o, 2, "data: support-ticket messages written for tftune (4 intents)");
    Path dataDir = out.resolve("data");
    LabelledTexts all = LabelledTexts.from(TextTable.read(copyData(dataDir)), "text", null,
        "intent");
    LabelledTexts[] split = all.stratifiedSplit(testFraction, SPLIT_SEED);
    Path trainFile = write(dataDir.resolve("train.tsv"), split[0]);
    Path testFile = write(dataDir.resolve("test.tsv"), split[1]);
    o.printf("  %d messages: %d to train on (%s), %d held out (%s)%n", all.size(),
        split[0].size(), trainFile, split[1].size(), testFile);

    try (BertModel bert = BertModel.load(modelDir)) {
      step(o, 3, "fine-tuning a classifier head on BERT's frozen features");
      int maxLength = 128;
      BertDataset train = bert.dataset(split[0], maxLength);
      BertDataset test = bert.dataset(split[1], maxLength);
      TrainedModel classifier = bert.classifier(BertPooling.MEAN, 0).head(DenseHead.linear())
          .optimizer(Optimizers.adam(3e-3f)).epochs(epochs).batchSize(32)
          .validationSplit(0.1).seed(SEED).build().fit(train);
      TrainingHistory history = classifier.history();
      o.printf("  %d epochs; the encoder ran once per message (%d runs), then only the head "
          + "trained; last epoch: %s%n", epochs, history.baseExamplesRun(), history.last());

      step(o, 4, "evaluating on the " + test.size() + " held-out messages");
      Evaluation e = classifier.evaluate(test);
      o.println(EvaluateCommand.toText(e).indent(2).stripTrailing());

      step(o, 5, "exporting for TF Serving");
      ExportResult result = ServingExporter.builder(classifier)
          .exportBase(out.resolve("export").resolve("support-intents")).version(1)
          .overwrite(true).verifyWith(test).build().export();
      o.printf("  %s (variables %,d bytes), reloaded by TensorFlow and compared: max abs diff "
          + "%.2g%n", result.directory(), result.variablesBytes(), result.maxAbsDiff());

      step(o, 6, "reloading the export and classifying new messages");
      try (ExportedModel exported = ExportedModel.load(result.directory())) {
        float[][] p = exported.predict(ExportDataOptions.texts(exported, NEW_MESSAGES));
        for (int i = 0; i < p.length; i++) {
          int best = PredictCommand.argMax(p[i]);
          o.printf("  %-10s %.3f  %s%n", exported.classNames().get(best), p[i][best],
              NEW_MESSAGES.get(i));
        }
      }
      o.printf("%ndone in %.0f s. Next:%n", (System.nanoTime() - start) / 1e9);
      o.printf("  ./tftune predict --model %s --text \"my invoice shows the wrong amount\"%n",
          result.directory());
      o.printf("  ./tftune evaluate --model %s --data %s%n", result.directory(), testFile);
      o.printf("  ./tftune train --model %s --data %s --label-column intent --unfreeze-top 2 "
          + "--pooling mean --optimizer adamw --lr 1e-3 --base-lr 5e-5 --epochs 8 --export %s%n",
          ModelCatalog.BERT_BASE_UNCASED.name(), trainFile,
          out.resolve("export").resolve("support-intents"));
      ServingHints.commands(result).forEach(c -> o.println("  " + c));
    }
    o.flush();
    return 0;
  }

  private static void step(PrintWriter o, int n, String what) {
    o.printf("%n[%d/6] %s%n", n, what);
    o.flush();
  }

  private static Path copyData(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("support-tickets.tsv");
    try (InputStream in = DemoCommand.class.getResourceAsStream(DATA_RESOURCE)) {
      if (in == null) {
        throw new TftuneException("the demo data " + DATA_RESOURCE + " is missing from the "
            + "tftune jar", "rebuild with `mvn -DskipTests package`");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  private static Path write(Path file, LabelledTexts texts) {
    StringBuilder s = new StringBuilder("text\tintent\n");
    for (int i = 0; i < texts.size(); i++) {
      s.append(texts.text(i)).append('\t').append(texts.classNames().get(texts.label(i)))
          .append('\n');
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, s);
      return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
