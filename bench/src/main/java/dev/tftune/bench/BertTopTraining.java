package dev.tftune.bench;

import dev.tftune.data.LabelledTexts;
import dev.tftune.graph.Graphs;
import dev.tftune.models.bert.BertDataset;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.train.FeatureExtractor;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingHistory;

/**
 * BERT-base with its top 2 layers unfrozen: a toolkit training step against the same step
 * written by hand (framework overhead), and against a forward pass at the same batch and
 * length (what the backward pass and the update add).
 */
final class BertTopTraining {
  private static final int UNFROZEN = 2;
  private static final float RATE = 5e-5f;

  private BertTopTraining() {}

  /** The last tuner of the run, trained, with its data: what the export figure exports. */
  record Trained(TrainedModel model, BertDataset data, int maxLength) {}

  /**
   * Measures and reports; returns the last tuner.
   *
   * @param texts at least {@code steps x batch} labelled texts
   */
  static Trained run(Report report, BertModel bert, LabelledTexts texts, boolean quick) {
    // the full shapes are the featurization figure's; quick ones keep a step well under 1 s
    int batch = quick ? 8 : 32;
    int length = quick ? 32 : 128;
    int steps = 2;
    int rounds = quick ? 2 : 5;
    // one padded length: every step runs at the measured shape
    BertDataset data = bert.dataset(texts.limit(steps * batch), length).paddedTo(length);
    String pooled = Graphs.tensorName(bert.features(BertPooling.CLS));
    FeatureExtractor forward = FeatureExtractor.of(bert.base(), pooled).batchSize(batch);
    forward.extract(data); // warms the forward pass up at this shape
    double[] forwardSecs = new double[rounds];
    SideBySide.Rounds measured = SideBySide.run(0, rounds, () -> {
      // as `tftune train --unfreeze-top 2` builds it; epoch 1 warms up the new train op. The
      // hand-written loop runs the whole encoder on every step, so the toolkit does here too
      TrainedModel tuner = topTwo(bert, pooled, batch, 2).cacheFrozenActivations(false)
          .build().fit(data);
      return new SideBySide.Fit(tuner,
          SideBySide.perStepAfterFirstEpoch(tuner.history(), steps));
    }, tuner -> new HandWrittenLoop(bert.base().session(), tuner, RATE)
        .onInputs(data, batch, 1) / steps, round -> {
          long start = System.nanoTime();
          forward.extract(data);
          forwardSecs[round] = (System.nanoTime() - start) / 1e9 / steps;
        });
    double t = measured.toolkitMedian();
    double h = measured.handMedian();
    double f = MatMulRate.median(forwardSecs);
    report.figure("BERT top " + UNFROZEN + " unfrozen, batch " + batch + ", length " + length
        + ": toolkit s/step", String.format("%.3f", t), "");
    report.figure("  hand-written TF Java loop: s/step", String.format("%.3f", h), "");
    report.figure("  BERT step: toolkit / hand-written", String.format("%.3f", t / h),
        "<= 1.03");
    report.figure("  forward pass, same batch and length: s", String.format("%.3f", f), "");
    report.figure("  top-" + UNFROZEN + " training step / forward pass",
        String.format("%.2f", t / f), "<= 1.3");
    // where the time goes: TensorFlow's trace of one forward pass and one step
    HandWrittenLoop traced = new HandWrittenLoop(bert.base().session(), measured.last(), RATE);
    OpProfile forwardOps = traced.profileForward(data, batch, bert.base().tensor(pooled));
    OpProfile stepOps = traced.profileStep(data, batch);
    report.figure("  forward pass, op time in matrix products", String.format("%.0f%%",
        100 * forwardOps.share(type -> type.contains("MatMul"))), "profile");
    report.figure("  forward pass, op time by type", forwardOps.topTypes(5), "profile");
    report.figure("  step, op time in ops the forward pass runs too", String.format("%.0f%%",
        100 * stepOps.shareOfOpsIn(forwardOps)), "profile");
    report.figure("  step, op time by type", stepOps.topTypes(5), "profile");
    // the default: epoch 1 keeps the frozen layers' output, later epochs run the top 2 only
    double[] kept = new double[quick ? 1 : 3];
    for (int round = 0; round < kept.length; round++) {
      // epoch 1 keeps the output; epoch 2 is the first run fed from memory, which TensorFlow
      // prepares as a new executor (seconds for this graph): epochs 3-4 are measured
      TrainingHistory run = topTwo(bert, pooled, batch, 4).build().fit(data).history();
      kept[round] = (run.epochs().get(2).seconds() + run.epochs().get(3).seconds())
          / (2.0 * steps);
    }
    double k = MatMulRate.median(kept);
    report.figure("  toolkit step, frozen layers' output kept (epochs 3-4): s/step",
        String.format("%.3f", k), "");
    report.figure("  top-" + UNFROZEN + " training step from kept output / forward pass",
        String.format("%.2f", k / f), "<= 1.3");
    return new Trained(measured.last(), data, length);
  }

  private static FineTuner.Builder topTwo(BertModel bert, String pooled, int batch,
      int epochs) {
    return FineTuner.builder().base(bert.base()).features(pooled)
        .plan(bert.unfreezeTop(UNFROZEN, BertPooling.CLS)).optimizer(Optimizers.adamW(RATE))
        .clipGlobalNorm(1f).epochs(epochs).batchSize(batch).validationSplit(0);
  }
}
