package dev.tftune.bench;

import dev.tftune.data.LabelledTexts;
import dev.tftune.graph.Graphs;
import dev.tftune.models.bert.BertDataset;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.train.FeatureExtractor;
import java.nio.file.Path;

/**
 * BERT-base forward passes through the toolkit's feature extraction: achieved GFLOP/s against
 * the MatMul rate at fixed length 128, and per-batch length against fixed length on SST-2 dev.
 */
final class BertFeaturization {
  /** Weight FLOPs per token and layer: Q, K, V, output (4 of 768x768) and the FFN (2 of 768x3072). */
  private static final double WEIGHT_FLOPS_PER_TOKEN = 12 * 2.0 * (4 * 768 * 768 + 2 * 768 * 3072);

  private BertFeaturization() {}

  /** Forward FLOPs of one sequence of a length: weights, plus attention's QK^T and PV. */
  static double flops(int length) {
    double attention = 12 * 2.0 * 2 * length * 768;
    return length * (WEIGHT_FLOPS_PER_TOKEN + attention);
  }

  /**
   * Reports the figures; returns the sentences per second of the forward pass at per-batch
   * length, which the tokenizer figure compares with.
   */
  static double run(Report report, Path bertDir, LabelledTexts sst2Dev, double matmulGflops,
      boolean quick) {
    LabelledTexts dev = sst2Dev;
    if (quick) {
      dev = dev.limit(64);
    }
    try (BertModel bert = BertModel.load(bertDir)) {
      String pooled = Graphs.tensorName(bert.features(BertPooling.CLS));
      BertDataset natural = bert.dataset(dev, 128);
      BertDataset fixed = natural.paddedTo(128);
      report.figure("SST-2 dev sentences / mean tokens", dev.size() + " / "
          + String.format("%.1f", natural.meanLength()), "");

      for (int batch : quick ? new int[] {32} : new int[] {32, 8}) {
        int n = Math.min(dev.size(), quick ? batch : 4 * batch);
        BertDataset part = fixed.subset(0, n);
        FeatureExtractor extractor = FeatureExtractor.of(bert.base(), pooled).batchSize(batch);
        // oneDNN prepares its kernels per input shape on the first run: warm up at this shape
        extractor.extract(fixed.subset(0, batch));
        double[] rates = new double[quick ? 1 : 5];
        for (int r = 0; r < rates.length; r++) {
          double secs = time(() -> extractor.extract(part));
          rates[r] = n * flops(128) / secs / 1e9;
        }
        double rate = MatMulRate.median(rates);
        // the machine's rate drifts (turbo, neighbours): compare with a MatMul rate taken now
        double limit = (matmulGflops + MatMulRate.gflops(quick ? 1024 : 2048, quick ? 3 : 7)) / 2;
        report.figure("BERT forward, length 128, batch " + batch + ": GFLOP/s (median of "
            + rates.length + ")", String.format("%.1f", rate), "");
        report.figure("  ratio to the MatMul rate (" + String.format("%.1f", limit)
            + ", before and after)", String.format("%.2f", rate / limit),
            batch == 32 ? ">= 0.85 (aim 0.9)" : "context");
      }

      double fixedSecs = time(() -> FeatureExtractor.of(bert.base(), pooled).batchSize(32)
          .extract(fixed));
      double dynamicSecs = time(() -> FeatureExtractor.of(bert.base(), pooled).batchSize(32)
          .extract(natural));
      report.figure("SST-2 dev featurization at fixed length 128: s",
          String.format("%.1f", fixedSecs), "");
      report.figure("SST-2 dev featurization, per-batch length (sorted): s",
          String.format("%.1f", dynamicSecs), "");
      report.figure("  speed-up of per-batch length", String.format("%.2fx",
          fixedSecs / dynamicSecs), ">= 4x");
      return dev.size() / dynamicSecs;
    }
  }

  private static double time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
