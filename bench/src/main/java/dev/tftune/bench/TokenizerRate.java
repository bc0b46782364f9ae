package dev.tftune.bench;

import dev.tftune.data.LabelledTexts;
import dev.tftune.models.bert.BertModel;

/**
 * Sentences tokenized per second (WordPiece and the BERT input encoding, one thread, as
 * {@link BertModel#dataset} runs them) against the forward pass they feed: tokenizing must
 * never be what a featurization or training run waits for.
 */
final class TokenizerRate {
  private static final int MAX_LENGTH = 128;

  private TokenizerRate() {}

  /**
   * @param texts the texts to tokenize (all of SST-2 dev even in the quick variant: it takes
   *     well under a second)
   * @param forwardRate sentences per second of the BERT forward pass at per-batch length
   */
  static void run(Report report, BertModel bert, LabelledTexts texts, double forwardRate,
      boolean quick) {
    // the first passes run while the JIT compiles the tokenizer
    for (int i = 0; i < 3; i++) {
      bert.dataset(texts, MAX_LENGTH);
    }
    double[] rates = new double[quick ? 3 : 9];
    for (int r = 0; r < rates.length; r++) {
      long start = System.nanoTime();
      bert.dataset(texts, MAX_LENGTH);
      rates[r] = texts.size() / ((System.nanoTime() - start) / 1e9);
    }
    double rate = MatMulRate.median(rates);
    report.figure("SST-2 dev tokenized and encoded, 1 thread: sentences/s",
        String.format("%.0f", rate), "");
    report.figure("  BERT forward, per-batch length, batch 32: sentences/s",
        String.format("%.1f", forwardRate), "");
    report.figure("  tokenizer / forward", String.format("%.0fx", rate / forwardRate),
        ">= 5x");
  }
}
