package dev.tftune.bench;

import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TextTable;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.catalog.ModelCache;
import dev.tftune.models.catalog.ModelCatalog;
import dev.tftune.models.catalog.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The benchmark harness. Every figure is a ratio of two things measured in this run (absolute
 * times are context). {@code --quick} runs a few examples of each, to keep the harness working.
 *
 * <pre>
 * bench/run [--quick] [--images] [--fixtures ../shared/fixtures]
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    List<String> a = List.of(args);
    boolean quick = a.contains("--quick");
    int f = a.indexOf("--fixtures");
    boolean imagesOnly = a.contains("--images");
    Path fixtures = Path.of(f >= 0 ? a.get(f + 1) : "../shared/fixtures");
    Report report = new Report(System.out);
    System.out.printf("tftune bench, %s, %d cores, %s%n", LocalDate.now(),
        Runtime.getRuntime().availableProcessors(), quick ? "quick" : "full");

    report.section("machine limit");
    double matmul = MatMulRate.gflops(quick ? 1024 : 2048, quick ? 3 : 7);
    report.figure("fp32 MatMul rate (median): GFLOP/s", String.format("%.1f", matmul), "");

    report.section("training costs");
    TrainingCosts.run(report, fixtures, quick);

    report.section("framework overhead");
    HeadStepOverhead.run(report, fixtures, quick);

    report.section("image input pipeline");
    ImagePipeline.run(report, fixtures, quick);

    Path dev = fixtures.resolve("data/sst2/dev.tsv");
    if (imagesOnly) {
      System.out.println("skipped BERT figures (--images)");
    } else if (!Files.isRegularFile(dev)) {
      System.out.println("skipped BERT figures: " + dev + " is absent (pass --fixtures DIR)");
    } else {
      report.section("BERT-base featurization");
      Path bert = ModelCache.defaults().savedModel(ModelCatalog.BERT_BASE_UNCASED,
          Progress.none());
      LabelledTexts texts = LabelledTexts.from(TextTable.read(dev), "content", null, "label");
      double forwardRate = BertFeaturization.run(report, bert, texts, matmul, quick);
      bertTraining(report, bert, texts, forwardRate, quick);
    }
    report.summary();
  }

  /**
   * The figures on one freshly loaded BERT-base: tokenizing, training the top layers, and
   * exporting what trained (whose time the load time puts in context).
   */
  private static void bertTraining(Report report, Path bertDir, LabelledTexts texts,
      double forwardRate, boolean quick) {
    long start = System.nanoTime();
    try (BertModel bert = BertModel.load(bertDir)) {
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      report.section("BERT tokenizer");
      TokenizerRate.run(report, bert, texts, forwardRate, quick);
      report.section("BERT-base training, top 2 layers");
      BertTopTraining.Trained trained = BertTopTraining.run(report, bert, texts, quick);
      report.section("BERT classifier export");
      ExportCost.run(report, bert, trained, loadSeconds);
    }
  }
}
