package dev.tftune.examples;

import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TextTable;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ServingExporter;
import dev.tftune.models.bert.BertDataset;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.models.catalog.ModelCache;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.train.Evaluation;
import dev.tftune.train.TrainedModel;
import java.nio.file.Path;

/**
 * The Java API end to end on text: BERT-base with its top 2 layers unfrozen, trained on a TSV
 * file of labelled sentences, evaluated on another, and exported for TF Serving.
 *
 * <pre>
 * java -cp ... dev.tftune.examples.FineTuneBert TRAIN_TSV TEST_TSV EXPORT_BASE
 * </pre>
 */
public final class FineTuneBert {
  private FineTuneBert() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: FineTuneBert TRAIN_TSV TEST_TSV EXPORT_BASE");
      System.exit(2);
    }
    int maxLength = 128;
    Path dir = ModelCache.defaults().resolve("bert-base-uncased",
        (task, done, total) -> System.err.printf("\r%s: %d MB", task, done >> 20));
    try (BertModel bert = BertModel.load(dir)) {
      // column 1 holds the sentence and column 0 the label in SST-2's files
      LabelledTexts train = LabelledTexts.from(TextTable.read(Path.of(args[0])), "1", null, "0");
      LabelledTexts test = LabelledTexts.from(TextTable.read(Path.of(args[1])), "1", null, "0",
          train.classNames());
      BertDataset trainData = bert.dataset(train, maxLength);
      BertDataset testData = bert.dataset(test, maxLength);
      TrainedModel model = bert.classifier(BertPooling.CLS, 2)
          .optimizer(Optimizers.adamW(1e-3f)).baseLearningRate(5e-5f)
          .schedule(LearningRateSchedule.linearWarmupDecay(0.1)).clipGlobalNorm(1f)
          .epochs(2)
          .validationSplit(0)
          .build().fit(trainData);
      Evaluation eval = model.evaluate(testData);
      System.out.printf("test accuracy %.4f on %d texts%n", eval.accuracy(), eval.count());
      ExportResult export = ServingExporter.builder(model).exportBase(Path.of(args[2]))
          .verifyWith(testData).build().export();
      System.out.println("exported to " + export.directory());
    }
  }
}
